import type { Locator, Page } from '@playwright/test';
import { caseOf, type CaseName } from '../../sandbox/generate';
import { SANDBOX_HOSTS } from '../../sandbox/hosts';
import type { Sandbox } from '../../sandbox/server';
import { bulkWindowPath } from '../../lib/runs/bulk-window';
import { configureExtension } from './configure';
import { expect, test } from './fixtures';

// A control that never appears fails at its own line, not at the test's timeout.
test.use({ actionTimeout: 10_000 });

/** A generated case's worker and Okta person, as the bulk window names them. */
function personOf(sandbox: Sandbox, name: CaseName) {
  const found = caseOf(sandbox.state, name);
  const worker = sandbox.state.twilio.workers.find((w) => w.sid === found.workerSids[0])!;
  const user = sandbox.state.okta.users.find((u) => u.id === found.oktaUserIds[0])!;
  return {
    worker,
    target: { workspaceSid: worker.workspaceSid, workerSid: worker.sid },
    name: `${user.profile.firstName} ${user.profile.lastName}`,
    workerExists: () => sandbox.state.twilio.workers.some((w) => w.sid === worker.sid),
  };
}

/** Every request that could change something anywhere. */
const writes = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET');

/** A person's line in a list, by the name it is labelled with. */
const line = (list: Locator, name: string) => list.getByRole('listitem', { name, exact: true });

test('a bulk deprovision of three people: one preview, the count typed, one run paused on a failure and retried, one batch in the run history', async ({ context, extensionId, sandbox, extensionErrors }) => {
  await configureExtension(context, extensionId, sandbox);
  // The three free a seat (Suspended, Deactivated, Unassigned); the Active one must be left out.
  const people = (['suspended', 'deprovisioned', 'activeUnassigned'] as const).map((name) => personOf(sandbox, name));
  const active = personOf(sandbox, 'activeAssigned');
  const failing = people[1]!;
  // Twilio fails the delete once: a 500 to a DELETE is not retried by the fetch core, so the run pauses.
  sandbox.faults.rules.push({ host: SANDBOX_HOSTS.taskrouter, method: 'DELETE', path: `/Workers/${failing.worker.sid}$`, respond: 500, times: 1 });

  const page: Page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}${bulkWindowPath([...people, active].map((p) => p.target))}`);
  const plan = page.getByRole('region', { name: 'What will happen' });
  const inRun = plan.getByRole('list', { name: 'People in this run' });
  await expect(plan.getByRole('heading', { level: 2 })).toHaveText('3 people · 15 requests');
  await expect(inRun.getByRole('listitem')).toHaveCount(3);
  for (const p of people) await expect(line(inRun, p.name)).toContainText(new RegExp(`${p.worker.sid}.*5 steps · 5 requests`));
  await expect(line(inRun, people[0]!.name)).toContainText('Suspended');
  await expect(line(plan.getByRole('region', { name: 'Left out' }), active.name)).toContainText('Active: their status frees no seat, so a bulk run leaves them alone.');
  expect(writes(sandbox)).toEqual([]);

  const start = page.getByRole('button', { name: 'Deprovision 3 people' });
  await expect(start).toBeDisabled();
  await page.getByLabel('Type the number of people (3) to confirm').fill('3');
  await start.click();

  const progress = page.getByRole('region', { name: 'Run progress' });
  const person = (name: string) => line(progress.getByRole('list', { name: 'People' }), name);
  await expect(progress.getByRole('heading', { level: 2 })).toHaveText('Bulk deprovision · 3 people · 2 done, 1 paused');
  for (const p of [people[0]!, people[2]!]) await expect(person(p.name)).toContainText('Done 5/5 steps Seat freed');
  await expect(person(failing.name).getByRole('status')).toHaveText('Paused');
  // The problem, then its next step.
  await expect(person(failing.name)).toContainText('3/5 steps Delete the worker: Twilio failed on its side (20500). Try again in a few minutes');
  await expect(person(failing.name).getByRole('button', { name: `Pause ${failing.name}` })).toHaveCount(0);
  await expect(progress.getByRole('note', { name: 'Summary' })).toContainText(`2 of 3 seats freed, as each run’s seat check found.Still to look at: ${failing.name} (paused).`);
  expect(failing.workerExists()).toBe(true);

  await page.getByRole('button', { name: `Retry ${failing.name}` }).click();
  await expect(person(failing.name)).toContainText('Done 5/5 steps Seat freed');
  await expect(progress.getByRole('note', { name: 'Summary' })).toContainText('3 of 3 seats freed');
  expect(people.map((p) => p.workerExists())).toEqual([false, false, false]);
  expect(active.workerExists()).toBe(true);

  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const history = panel.getByRole('region', { name: 'Run history' }).getByRole('list', { name: 'Runs', exact: true });
  await expect(history.locator(':scope > li')).toHaveCount(1);
  await history.getByText('Bulk deprovision · 3 people · 3 done').click();
  await expect(history.getByRole('list', { name: 'Runs in this batch' }).getByRole('listitem')).toHaveCount(3);
  expect(extensionErrors).toEqual([]);
});
