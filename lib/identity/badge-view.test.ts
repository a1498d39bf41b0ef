import { describe, expect, it } from 'vitest';
import { problem } from '../problem';
import type { WorkerStatus } from '../status/views';
import { badgeView, CHECKING } from './badge-view';

const worker: WorkerStatus['worker'] = { sid: 'WK1', workspaceSid: 'WS1', workspaceName: null, friendlyName: 'ana', fullName: null, activityName: 'Offline', available: false, dateStatusChanged: null, dateCreated: null, roles: [] };
const person = (login: string) => ({ id: '00u' + login.length, status: 'SUSPENDED' as const, login, email: login, firstName: 'A', lastName: 'B', lastLogin: null, flexAssigned: false, adminUrl: 'https://x-admin.okta.com/admin/user/profile/view/00u1' });

describe('badge views', () => {
  it('says "Checking" until the background answers', () => {
    expect(badgeView(undefined)).toBe(CHECKING);
  });

  it('labels a status with the shared vocabulary and explains it with the person and the action', () => {
    const view = badgeView({ worker, email: 'ana@x.com', status: 'suspended', people: [person('ana@x.com')] });
    expect(view).toMatchObject({ label: 'Suspended', tone: 'warn', icon: '‖', onClick: 'worker' });
    expect(view.explanation).toBe('Suspended in Okta, yet still holding a Flex seat. Okta: ana@x.com. Frees a Flex seat: deprovision.');
  });

  it('names the character a look-alike address hides, and opens nothing on click', () => {
    const view = badgeView({ worker, email: '\u212Aelly@x.com', status: 'lookalike', people: [] });
    expect(view).toMatchObject({ label: 'Look-alike address', icon: '≈', onClick: 'none' });
    expect(view.explanation).toContain('U+212A KELVIN SIGN looks like “K”.');
    expect(view.explanation).toContain('never acts on a look-alike address');
  });

  it('sends the admin to Settings when the connection is what is wrong, and says "Unknown" for passing failures', () => {
    expect(badgeView(undefined, problem('not-configured', 'Okta is not connected yet.', 'Open Settings.'))).toMatchObject({ label: 'Not connected', onClick: 'settings' });
    const limited = badgeView({ worker, email: 'a@x.com', status: 'unknown', people: [], problem: problem('rate-limited', 'Okta is limiting requests.', 'Wait a minute.') });
    expect(limited).toMatchObject({ label: 'Unknown', onClick: 'none', explanation: 'Okta is limiting requests. Wait a minute.' });
    const locked = badgeView({ worker, email: 'a@x.com', status: 'unknown', people: [], problem: problem('locked', 'The vault is locked.', 'Unlock it in Settings.') });
    expect(locked).toMatchObject({ label: 'Vault locked', onClick: 'settings' });
  });

  it('shows a run on the worker live, and its outcome once the worker is gone', () => {
    const status = { worker, email: 'ana@x.com', status: 'suspended' as const, people: [person('ana@x.com')] };
    expect(badgeView(status, undefined, { state: 'running', stepsDone: 2, stepsTotal: 4 })).toMatchObject({ label: 'Deprovisioning 2/4', tone: 'info' });
    expect(badgeView(status, undefined, { state: 'paused', stepsDone: 3, stepsTotal: 4 })).toMatchObject({ label: 'Run paused 3/4', tone: 'warn' });
    const heldBy = { operator: 'ana@example.com', since: '2026-12-02T10:42:09Z' };
    expect(badgeView(status, undefined, { state: 'running', stepsDone: 2, stepsTotal: 4, heldBy })).toMatchObject({ label: 'In progress by ana@example.com since 2026-12-02 10:42 UTC', tone: 'info' });
    expect(badgeView(status, undefined, { state: 'paused', stepsDone: 3, stepsTotal: 4, heldBy }).explanation).toBe(
      'In progress by ana@example.com since 2026-12-02 10:42 UTC: another admin is deprovisioning this person (3/4 steps done). Their run shows live in Run history, in the Flex Steward side panel.',
    );
    const freed = { kind: 'seat-freed' as const, remainingWorkerSids: [] };
    expect(badgeView(undefined, problem('not-found', 'Gone.', 'Reload.'), { state: 'done', stepsDone: 5, stepsTotal: 5, outcome: freed })).toMatchObject({ label: 'Seat freed', tone: 'ok' });
    expect(badgeView(status, undefined, { state: 'aborted', stepsDone: 1, stepsTotal: 4 })).toMatchObject({ label: 'Suspended' });
  });

  it('says "Seat freed" for a finished run only when its seat check found no worker left', () => {
    const again = 'WK' + 'f'.repeat(32);
    const held = badgeView(undefined, undefined, { state: 'done', stepsDone: 5, stepsTotal: 5, outcome: { kind: 'seat-still-held', remainingWorkerSids: [again] } });
    expect(held).toMatchObject({ label: 'Seat still held', tone: 'warn', explanation: expect.stringContaining(`${again} now holds a seat for this person`) });
    // A run journaled before the check existed, or whose check was skipped, claims nothing.
    expect(badgeView(undefined, undefined, { state: 'done', stepsDone: 4, stepsTotal: 4, outcome: null })).toMatchObject({ label: 'Deprovisioned', tone: 'neutral' });
    expect(badgeView(undefined, undefined, { state: 'done', stepsDone: 4, stepsTotal: 4 }).label).not.toBe('Seat freed');
  });
});
