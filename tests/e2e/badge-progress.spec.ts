import { caseOf } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import { configureExtension } from '../demo/configure';
import { expect, test } from './fixtures';
import { shadowHosts } from './shadow';

test('a worker list open in another tab shows a run on that worker live, then "Seat freed"', async ({ context, extensionId, sandbox }) => {
  await (await configureExtension(context, extensionId, sandbox)).close();
  const suspended = caseOf(sandbox.state, 'suspended');
  const ws = sandbox.state.twilio.flex!.taskrouterWorkspaceSid;
  const worker = sandbox.state.twilio.workers.find((w) => w.sid === suspended.workerSids[0])!;

  const list = await context.newPage();
  await list.goto(`https://${SANDBOX_HOSTS.www}/console/taskrouter/workspaces/${ws}/workers?friendlyName=${encodeURIComponent(worker.friendlyName)}`);
  const badge = async () => (await shadowHosts(list, 'flex-steward-badge')).find((b) => b.attributes['data-worker-sid'] === worker.sid)?.text ?? '';
  await expect.poll(badge).toContain('Suspended');

  // Hold the delete back so the list can be seen mid-run.
  sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, method: 'DELETE', respond: 500, times: 1 });
  const window = await context.newPage();
  await window.goto(`chrome-extension://${extensionId}/deprovision.html?workspace=${ws}&worker=${worker.sid}`);
  await window.getByLabel(/to confirm/).fill(suspended.email!);
  await window.getByRole('button', { name: 'Deprovision' }).click();
  await expect.poll(badge).toContain('Run paused 3/5');

  await window.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(badge).toContain('Seat freed');
  expect(sandbox.state.twilio.workers.some((w) => w.sid === worker.sid)).toBe(false);
});
