import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../http/fetch-core';
import { connectionSidFrom, fetchFlexConnectionSid, flexAuthConfigUrl } from './flex-auth-config';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const JQ = 'JQ' + '1'.repeat(32);

describe('connectionSidFrom', () => {
  it.each([
    ['the documented-by-use shape', { config_list: [{ connection_name: JQ, client_id: 'abc' }] }, JQ],
    ['extra fields around it', { meta: {}, config_list: [{ other: 1 }, { connection_name: JQ }] }, JQ],
    ['no enhanced connection yet', { config_list: [] }, undefined],
    ['a connection name that is not a JQ SID', { config_list: [{ connection_name: 'legacy-saml' }] }, undefined],
    ['a number where the SID should be', { config_list: [{ connection_name: 42 }] }, undefined],
    ['another shape altogether', { configs: [JQ] }, undefined],
    ['no body', undefined, undefined],
  ])('%s', (_, body, expected) => {
    expect(connectionSidFrom(body)).toBe(expected);
  });
});

describe('fetchFlexConnectionSid', () => {
  it('asks services.twilio.com for the account, with no credential', async () => {
    const seen: { url: string; headers: Headers }[] = [];
    const http = createHttpClient({
      fetch: async (url, init) => {
        seen.push({ url, headers: new Headers(init.headers) });
        return new Response(JSON.stringify({ config_list: [{ connection_name: JQ, client_id: 'x' }] }), { headers: { 'content-type': 'application/json' } });
      },
    });
    await expect(fetchFlexConnectionSid(http, ACCOUNT)).resolves.toBe(JQ);
    expect(seen.map((s) => s.url)).toEqual([`https://services.twilio.com/v1/Flex/Authentication/Config?AccountSid=${ACCOUNT}`]);
    expect(seen[0]!.headers.has('authorization')).toBe(false);
    expect(flexAuthConfigUrl(ACCOUNT)).toBe(seen[0]!.url);
  });

  it('throws the fetch core’s problem when Twilio answers with an error, for the caller to fall back on the page', async () => {
    const http = createHttpClient({ maxRetries: 0, fetch: async () => new Response('{"message":"nope"}', { status: 404, headers: { 'content-type': 'application/json' } }) });
    await expect(fetchFlexConnectionSid(http, ACCOUNT)).rejects.toMatchObject({ problem: { code: 'not-found' } });
  });
});
