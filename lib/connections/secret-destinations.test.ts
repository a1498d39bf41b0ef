import { describe, expect, it } from 'vitest';
import { parseSettings } from '../settings/settings';
import { movedSecrets, openSecret, sealSecret, secretDestination } from './secret-destinations';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const settings = (orgUrl: string | undefined, region: 'us1' | 'ie1' = 'us1', edge?: string) => parseSettings({ okta: { orgUrl }, twilio: { accountSid: ACCOUNT, region, edge } });

describe('secret destinations', () => {
  it('round-trips a sealed secret, and reads anything else, a JWK included, as an older unsealed one', () => {
    const destination = secretDestination('okta.privateKey', settings('https://acme.okta.com'));
    const jwk = '{"kty":"RSA","d":"x"}';
    expect(openSecret(sealSecret(jwk, destination))).toEqual({ value: jwk, destination });
    expect(openSecret(jwk)).toEqual({ value: jwk });
    expect(openSecret('00token')).toEqual({ value: '00token' });
    expect(openSecret('{"flexStewardSecret":1,"for":{"service":"nowhere"},"value":"v"}').destination).toBeUndefined();
  });

  it('counts the same org written another way, and a region\'s only edge named or not, as no move', () => {
    const saved = ['okta.apiToken', 'twilio.apiKeySecret'] as const;
    expect(movedSecrets(settings('https://acme.okta.com', 'ie1'), settings('https://acme-admin.okta.com/admin', 'ie1', 'dublin'), saved)).toEqual([]);
  });

  it('names what moved: another org, another region, or settings that name no destination at all', () => {
    const before = settings('https://acme.okta.com');
    expect(movedSecrets(before, settings('https://other.okta.com'), ['okta.apiToken', 'twilio.apiKeySecret']).map((m) => m.name)).toEqual(['okta.apiToken']);
    expect(movedSecrets(before, settings('https://acme.okta.com', 'ie1'), ['okta.apiToken', 'twilio.apiKeySecret']).map((m) => m.name)).toEqual(['twilio.apiKeySecret']);
    expect(movedSecrets(before, settings(undefined), ['okta.privateKey'])).toEqual([{ name: 'okta.privateKey', from: { service: 'okta', origin: 'https://acme.okta.com' }, to: undefined }]);
  });
});
