import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SPECS_DIR } from '../../sandbox/spec-validator';
import { compareWithSpec, component, responseBody, responseExamples, type OpenApiDocument } from '../okta/schemas.spec-check';
import {
  TwilioActivitiesPageSchema,
  TwilioActivitySchema,
  TwilioFlexConfigurationSchema,
  TwilioReservationSchema,
  TwilioReservationsPageSchema,
  TwilioWorkerSchema,
  TwilioWorkersPageSchema,
  TwilioWorkspaceSchema,
  TwilioWorkspacesPageSchema,
} from './schemas';

const load = (name: string) => JSON.parse(readFileSync(resolve(SPECS_DIR, `${name}.json`), 'utf8')) as OpenApiDocument;
const taskrouter = load('twilio_taskrouter_v1');
const flex = load('twilio_flex_v1');

const WORKERS = '/v1/Workspaces/{WorkspaceSid}/Workers';
const WORKER = '/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}';
const RESERVATIONS = '/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations';
const ACTIVITIES = '/v1/Workspaces/{WorkspaceSid}/Activities';

/**
 * Twilio's specs mark almost every property nullable. We follow them except for the SIDs we
 * address resources by (see schemas.ts), so each check lists exactly those refusals and nothing
 * else: a new mismatch, or an exception that no longer applies, fails the test.
 */
const refusesNull = (...paths: string[]) => paths.map((path) => `${path} spec-allows-null`);
const findings = (document: OpenApiDocument, schema: z.ZodType, node: ReturnType<typeof component>) =>
  compareWithSpec(document, schema, node).map((f) => `${f.path} ${f.kind}`);

describe('Twilio schemas match the specs', () => {
  it.each([
    ['Workspace', TwilioWorkspaceSchema, 'taskrouter.v1.workspace', refusesNull('sid', 'account_sid')],
    ['Activity', TwilioActivitySchema, 'taskrouter.v1.workspace.activity', refusesNull('sid')],
    ['Worker', TwilioWorkerSchema, 'taskrouter.v1.workspace.worker', refusesNull('sid', 'account_sid', 'workspace_sid')],
    ['Reservation', TwilioReservationSchema, 'taskrouter.v1.workspace.worker.worker_reservation', refusesNull('sid')],
  ] as const)('%s: fields, types, SID patterns and nullability agree, but for the SIDs we address by', (_, schema, name, expected) => {
    expect(findings(taskrouter, schema, component(name))).toEqual(expected);
  });

  it.each([
    ['Workspaces', TwilioWorkspacesPageSchema, '/v1/Workspaces', refusesNull('workspaces[].sid', 'workspaces[].account_sid')],
    ['Activities', TwilioActivitiesPageSchema, ACTIVITIES, refusesNull('activities[].sid')],
    ['Workers', TwilioWorkersPageSchema, WORKERS, refusesNull('workers[].sid', 'workers[].account_sid', 'workers[].workspace_sid')],
    ['Reservations', TwilioReservationsPageSchema, RESERVATIONS, refusesNull('reservations[].sid')],
  ] as const)('%s page: items and meta (next_page_url nullable, page, page_size, key) agree', (_, schema, path, expected) => {
    expect(findings(taskrouter, schema, responseBody(path, 'get', 200))).toEqual(expected);
  });

  it('Flex Configuration: agrees, with the Flex workspace SID nullable as in the spec', () => {
    expect(findings(flex, TwilioFlexConfigurationSchema, component('flex.v1.configuration'))).toEqual(refusesNull('account_sid'));
  });

  it('worker attributes and date_status_changed are nullable because the spec says so', () => {
    const worker = (taskrouter.components.schemas['taskrouter.v1.workspace.worker'] as { properties: Record<string, { nullable?: boolean }> }).properties;
    expect(worker.attributes?.nullable).toBe(true);
    expect(worker.date_status_changed?.nullable).toBe(true);
    expect(TwilioWorkerSchema.shape.attributes.safeParse(null).success).toBe(true);
    expect(TwilioWorkerSchema.shape.date_status_changed.safeParse(null).success).toBe(true);
  });

  it('notices drift: a wrong SID prefix, a wrong type and an invented field are all reported', () => {
    const drifted = z.object({
      sid: z.string().regex(/^WW[0-9a-fA-F]{32}$/),
      available: z.string().nullable(),
      attributes: z.string(),
      skills: z.array(z.string()).nullable(),
    });
    expect(findings(taskrouter, drifted, component('taskrouter.v1.workspace.worker'))).toEqual([
      'sid spec-allows-null',
      'sid pattern',
      'available type',
      'attributes spec-allows-null',
      'skills missing',
    ]);
  });
});

describe("Twilio schemas accept the specs' own examples", () => {
  const operations = [
    { document: taskrouter, path: '/v1/Workspaces', schema: TwilioWorkspacesPageSchema },
    { document: taskrouter, path: '/v1/Workspaces/{Sid}', schema: TwilioWorkspaceSchema },
    { document: taskrouter, path: ACTIVITIES, schema: TwilioActivitiesPageSchema },
    { document: taskrouter, path: `${ACTIVITIES}/{Sid}`, schema: TwilioActivitySchema },
    { document: taskrouter, path: WORKERS, schema: TwilioWorkersPageSchema },
    { document: taskrouter, path: WORKER, schema: TwilioWorkerSchema },
    { document: taskrouter, path: RESERVATIONS, schema: TwilioReservationsPageSchema },
    { document: taskrouter, path: `${RESERVATIONS}/{Sid}`, schema: TwilioReservationSchema },
    { document: flex, path: '/v1/Configuration', schema: TwilioFlexConfigurationSchema },
  ];

  it.each(operations)('GET $path: every 200 example parses', ({ document, path, schema }) => {
    const examples = Object.entries(responseExamples(document, path, 'get', 200));
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, body] of examples) {
      const result = schema.safeParse(body);
      expect(result.success, `${name}: ${result.success ? '' : z.prettifyError(result.error)}`).toBe(true);
    }
  });

  it('reads the full workers example down to its meta', () => {
    const page = TwilioWorkersPageSchema.parse(responseExamples(taskrouter, WORKERS, 'get', 200).readFull);
    expect(page.meta).toEqual({ key: 'workers', page: 0, page_size: 50, next_page_url: null });
    expect(page.workers[0]?.sid).toBe('WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  });
});
