import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse } from '../../sandbox/faults';
import { TwilioErrorBodySchema, TwilioFlexConfigurationSchema, TwilioReservationSchema, TwilioWorkerSchema, TwilioWorkersPageSchema } from './schemas';

const worker = {
  sid: 'WK0123456789abcdef0123456789abcdef',
  account_sid: 'AC0123456789abcdef0123456789abcdef',
  workspace_sid: 'WS0123456789abcdef0123456789abcdef',
  friendly_name: 'ada_lovelace',
  attributes: '{"email":"ada@example.com","roles":["agent"]}',
  activity_sid: 'WA0123456789abcdef0123456789abcdef',
  activity_name: 'Offline',
  available: false,
  date_created: '2024-03-01T09:00:00Z',
  date_updated: '2024-03-02T09:00:00Z',
  date_status_changed: null,
};

const messageFor = (schema: z.ZodType, body: unknown) => {
  const result = schema.safeParse(body);
  if (result.success) throw new Error('Expected the body to be rejected');
  return z.prettifyError(result.error);
};

describe('TwilioWorkerSchema', () => {
  it('reads a worker, attributes as the JSON string Twilio sends', () => {
    expect(TwilioWorkerSchema.parse(worker).attributes).toBe(worker.attributes);
  });

  it('reads a listed worker whose attributes Twilio withheld as null', () => {
    expect(TwilioWorkerSchema.parse({ ...worker, attributes: null }).attributes).toBeNull();
  });

  it('rejects `available: "yes"` with a message naming the field and the expected type', () => {
    const message = messageFor(TwilioWorkerSchema, { ...worker, available: 'yes' });
    expect(message).toContain('expected boolean, received string');
    expect(message).toContain('at available');
  });

  it('rejects a SID of the wrong kind, saying which kind was expected', () => {
    expect(messageFor(TwilioWorkerSchema, { ...worker, sid: worker.activity_sid })).toContain('Expected a WK… SID');
  });

  it('refuses a worker without a SID, which could never be acted on', () => {
    expect(messageFor(TwilioWorkerSchema, { ...worker, sid: null })).toMatch(/at sid/);
  });

  it('tolerates fields it does not read and drops them', () => {
    const parsed = TwilioWorkerSchema.parse({ ...worker, url: 'https://taskrouter.twilio.com/v1/…', links: { channels: '…' }, new_field: 1 });
    expect(parsed).not.toHaveProperty('links');
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(worker).sort());
  });

  it('rejects a date that is not an ISO date-time', () => {
    expect(messageFor(TwilioWorkerSchema, { ...worker, date_updated: 'Tue, 02 Mar 2024 09:00:00 +0000' })).toMatch(/date_updated/);
  });
});

describe('TwilioWorkersPageSchema', () => {
  it('reads the workers and where the next page is', () => {
    const page = TwilioWorkersPageSchema.parse({
      meta: { key: 'workers', page: 0, page_size: 1, next_page_url: 'https://taskrouter.twilio.com/v1/Workspaces/WS…/Workers?PageSize=1&Page=1&PageToken=PAWK…', first_page_url: '…', url: '…' },
      workers: [worker],
    });
    expect(page.workers).toHaveLength(1);
    expect(page.meta.next_page_url).toMatch(/PageToken/);
  });

  it('rejects a page whose workers are not a list', () => {
    expect(messageFor(TwilioWorkersPageSchema, { meta: { key: 'workers', page: 0, page_size: 50, next_page_url: null }, workers: {} })).toMatch(/at workers/);
  });
});

describe('TwilioReservationSchema and TwilioFlexConfigurationSchema', () => {
  it('rejects a reservation status TaskRouter does not have', () => {
    expect(messageFor(TwilioReservationSchema, { sid: 'WR0123456789abcdef0123456789abcdef', reservation_status: 'busy' })).toMatch(/reservation_status/);
  });

  it('reads a Flex configuration that has no TaskRouter workspace yet', () => {
    const configuration = TwilioFlexConfigurationSchema.parse({
      account_sid: worker.account_sid,
      status: 'notstarted',
      taskrouter_workspace_sid: null,
      flex_service_instance_sid: null,
      chat_service_instance_sid: null,
      flex_instance_sid: null,
      date_created: null,
      date_updated: null,
    });
    expect(configuration.taskrouter_workspace_sid).toBeNull();
  });
});

describe('TwilioErrorBodySchema', () => {
  it.each([401, 403, 404, 429, 500, 503])('reads the %i error body the sandbox answers with', (status) => {
    const body = TwilioErrorBodySchema.parse(JSON.parse(errorResponse('taskrouter.twilio.com', status).body ?? ''));
    expect(body.status).toBe(status);
    expect(body.code).toBeGreaterThanOrEqual(20000);
  });

  it('rejects a code sent as a string', () => {
    expect(messageFor(TwilioErrorBodySchema, { code: '20404', message: 'Not found', status: 404 })).toMatch(/at code/);
  });
});
