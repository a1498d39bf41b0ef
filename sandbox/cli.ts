import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, chromiumCommand, consoleWorkersUrl, EXTENSION_PATH } from './chromium';
import { SANDBOX_HOSTS } from './hosts';
import { startSandbox } from './server';

/**
 * `npm run sandbox -- [--port 8443] [--open] [--seed 7 --workers 1000 --okta-users 1200]`: the
 * sandbox on its own, for a developer. Prints how to point Chromium at it, or with `--open`
 * starts Chromium with the extension connected, as the demo does. Ctrl-C or SIGTERM stops it.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '60' },
    'okta-users': { type: 'string', default: '80' },
    port: { type: 'string', default: '0' },
    open: { type: 'boolean', default: false },
  },
});

// Chromium with a window needs a display; without one, the printed command or `npm run demo` serve.
if (values.open && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('--open needs a display (DISPLAY is not set). Run without --open and paste the printed command where there is one, or run `npm run demo`.');
  process.exit(2);
}

const sandbox = await startSandbox({
  seed: Number(values.seed),
  workers: Number(values.workers),
  oktaUsers: Number(values['okta-users']),
  port: Number(values.port),
});

let browser: { close(): Promise<void> } | undefined;
let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the sandbox.`);
  await browser?.close();
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const workersUrl = consoleWorkersUrl(sandbox.state.twilio.flex!.taskrouterWorkspaceSid);
const { credentials } = sandbox.state.twilio;

if (values.open) {
  if (!existsSync(EXTENSION_PATH)) {
    console.log('No extension build yet: building it…');
    execSync('npx wxt build', { stdio: 'inherit' });
  }
  // Loaded only here: the sandbox alone needs neither Playwright nor a browser.
  const { launchWithExtension } = await import('../tests/e2e/fixtures');
  const { configureExtension } = await import('../tests/demo/configure');
  const launched = await launchWithExtension(sandbox, { headless: false });
  browser = launched;
  console.log('Connecting the extension through its Settings page…');
  await configureExtension(launched.context, launched.extensionId, sandbox);
  await (await launched.context.newPage()).goto(workersUrl);
}

console.log(`Sandbox ready on https://127.0.0.1:${sandbox.port} (seed ${values.seed}). Ctrl-C stops it.`);
if (values.open) {
  console.log('Chromium is open on the Console with the extension connected.');
} else {
  console.log(`
Chromium with the extension (after \`npm run build\`; or run \`npm run sandbox -- --open\`):

  ${chromiumCommand(sandbox, workersUrl)}

${CHROMIUM_PATH === '/usr/bin/chromium' ? 'Another Chromium: set CHROMIUM_PATH. ' : ''}Then connect it in Settings:
  Okta org URL   https://${SANDBOX_HOSTS.okta}   API token ${sandbox.state.okta.apiTokens[0]}
  Twilio         Account SID ${credentials.accountSid}
                 API key SID ${credentials.apiKeySid}   secret ${credentials.apiKeySecret}`);
}
console.log(`
Control routes (reseed, faults, switches, request log): https://${SANDBOX_HOSTS.console}/__sandbox/ in that Chromium.`);
