import { describe, expect, it } from 'vitest';
import { ProblemError, type Problem } from '../problem';
import { TWILIO_API_HOST_PATTERNS } from '../hosts';
import { problemOf } from '../../tests/support/problem-of';
import { FLEX_AUTH_CONFIG_HOST } from './flex-auth-config';
import { regionLabel, twilioDestination, twilioHosts, TWILIO_REGION_EDGES, type RegionChoice } from './hosts';

function refusal(choice: RegionChoice): Problem {
  try {
    twilioHosts(choice);
  } catch (error) {
    if (error instanceof ProblemError) return error.problem;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(choice)} to be refused`);
}

/** Whether a manifest match pattern like `https://*.ie1.twilio.com/*` covers this host. */
const permitted = (host: string) =>
  TWILIO_API_HOST_PATTERNS.some((pattern) => {
    const hostPattern = /^https:\/\/([^/]+)\/\*$/.exec(pattern)![1]!;
    return hostPattern.startsWith('*.') ? host.endsWith(hostPattern.slice(1)) : host === hostPattern;
  });

describe('twilioHosts', () => {
  it('uses the edge-less US1 names by default', () => {
    const us1 = { taskrouter: 'taskrouter.twilio.com', flexApi: 'flex-api.twilio.com', sync: 'sync.twilio.com' };
    expect(twilioHosts()).toEqual(us1);
    expect(twilioHosts({ region: 'us1' })).toEqual(us1);
    expect(twilioHosts({ region: '', edge: '' })).toEqual(us1);
  });

  it.each([
    [{ region: 'us1', edge: 'ashburn' }, 'taskrouter.ashburn.us1.twilio.com', 'flex-api.ashburn.us1.twilio.com', 'sync.ashburn.us1.twilio.com'],
    [{ region: 'us1', edge: 'umatilla' }, 'taskrouter.umatilla.us1.twilio.com', 'flex-api.umatilla.us1.twilio.com', 'sync.umatilla.us1.twilio.com'],
    [{ region: 'ie1', edge: 'dublin' }, 'taskrouter.dublin.ie1.twilio.com', 'flex-api.dublin.ie1.twilio.com', 'sync.dublin.ie1.twilio.com'],
    [{ region: 'au1', edge: 'sydney' }, 'taskrouter.sydney.au1.twilio.com', 'flex-api.sydney.au1.twilio.com', 'sync.sydney.au1.twilio.com'],
    [{ region: ' IE1 ', edge: 'Dublin' }, 'taskrouter.dublin.ie1.twilio.com', 'flex-api.dublin.ie1.twilio.com', 'sync.dublin.ie1.twilio.com'],
  ])('%j → {product}.{edge}.{region}.twilio.com', (choice, taskrouter, flexApi, sync) => {
    expect(twilioHosts(choice)).toEqual({ taskrouter, flexApi, sync });
  });

  it('assumes the only edge of a region when none is given, never the legacy {product}.{region} name', () => {
    expect(twilioHosts({ region: 'ie1' }).taskrouter).toBe('taskrouter.dublin.ie1.twilio.com');
    expect(twilioHosts({ region: 'au1', edge: ' ' }).flexApi).toBe('flex-api.sydney.au1.twilio.com');
  });

  it('refuses an edge of another region, naming the valid ones', () => {
    const ie1 = refusal({ region: 'ie1', edge: 'sydney' });
    expect(ie1).toMatchObject({ code: 'invalid-request', service: 'extension', retryable: false });
    expect(ie1.message).toBe('IE1 has no edge “sydney”; its edge is dublin.');
    expect(ie1.nextStep).toMatch(/Settings/);

    expect(refusal({ region: 'us1', edge: 'dublin' }).message).toBe('US1 has no edge “dublin”; its edges are ashburn or umatilla, or leave the edge empty.');
    expect(refusal({ region: 'au1', edge: 'ashburn' }).message).toContain('its edge is sydney');
  });

  it('refuses a region outside the table, including ones Twilio has but the extension has no permission for', () => {
    expect(refusal({ region: 'jp1', edge: 'tokyo' }).message).toBe('“jp1” is not a Twilio region Flex Steward can use; the regions are US1, IE1 or AU1.');
    expect(refusal({ region: 'toString' }).code).toBe('invalid-request');
  });

  it('only ever names hosts the manifest grants access to', () => {
    for (const [region, { edges }] of Object.entries(TWILIO_REGION_EDGES)) {
      for (const edge of edges) for (const host of Object.values(twilioHosts({ region, edge }))) expect(permitted(host), host).toBe(true);
    }
    for (const host of Object.values(twilioHosts())) expect(permitted(host), host).toBe(true);
    expect(permitted(FLEX_AUTH_CONFIG_HOST)).toBe(true);
  });

  it('labels regions as the Console does', () => {
    expect(regionLabel(undefined)).toBe('US1');
    expect(regionLabel('au1')).toBe('AU1');
  });
});

describe('twilioDestination', () => {
  it('admits the three API hosts of the configured region and edge over https, and nothing else', async () => {
    const dublin = twilioDestination(twilioHosts({ region: 'ie1' }));
    for (const host of ['taskrouter.dublin.ie1.twilio.com', 'flex-api.dublin.ie1.twilio.com', 'sync.dublin.ie1.twilio.com']) {
      await expect(dublin.admit(new URL(`https://${host}/v1/Workspaces`))).resolves.toBeUndefined();
    }
    const others = [
      'https://taskrouter.twilio.com/v1/Workspaces',
      'https://taskrouter.sydney.au1.twilio.com/v1/Workspaces',
      'https://api.twilio.com/2010-04-01/Accounts.json',
      'https://taskrouter.dublin.ie1.twilio.com.evil.com/v1/Workspaces',
      'http://taskrouter.dublin.ie1.twilio.com/v1/Workspaces',
      'https://taskrouter.dublin.ie1.twilio.com:8443/v1/Workspaces',
    ];
    for (const other of others) {
      const p = await problemOf(dublin.admit(new URL(other)));
      expect(p.code).toBe('invalid-request');
      expect(p.message).toBe(`Flex Steward stopped before sending your Twilio credentials to ${new URL(other).host}: they are only for taskrouter.dublin.ie1.twilio.com, flex-api.dublin.ie1.twilio.com or sync.dublin.ie1.twilio.com.`);
    }
  });
});
