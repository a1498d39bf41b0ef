import { parseArgs } from 'node:util';
import { startSandbox } from './server';

/** `npm run sandbox -- --seed 7 --workers 1000 --okta-users 1200 --port 8443` */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '60' },
    'okta-users': { type: 'string', default: '80' },
    port: { type: 'string', default: '0' },
  },
});

const sandbox = await startSandbox({
  seed: Number(values.seed),
  workers: Number(values.workers),
  oktaUsers: Number(values['okta-users']),
  port: Number(values.port),
});
const { credentials } = sandbox.state.twilio;
console.log(`Sandbox listening on https://127.0.0.1:${sandbox.port}`);
console.log(`Start Chromium with:\n  --host-resolver-rules="${sandbox.hostResolverRules}" --ignore-certificate-errors`);
console.log(`Twilio: ${credentials.accountSid} / API key ${credentials.apiKeySid} : ${credentials.apiKeySecret}`);
console.log(`Okta:   https://${'steward-sandbox'}.okta.com  SSWS ${sandbox.state.okta.apiTokens[0]}`);
