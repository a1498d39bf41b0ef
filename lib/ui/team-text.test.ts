import { describe, expect, it } from 'vitest';
import type { TeamStatus } from '../team/types';
import { behindSentence, lockHeldSentence, teamStatusLine } from './team-text';

const status = (patch: Partial<TeamStatus>): TeamStatus => ({ state: 'live', serviceSid: `IS${'a'.repeat(32)}`, identity: 'ana@example.com', behindBy: 0, lastSyncedAt: '2026-12-02T10:42:00Z', ...patch });
const offline = { code: 'network-unreachable' as const, message: 'Twilio Sync could not be reached.', nextStep: 'Check the network.', retryable: true };

describe('team mode sentences', () => {
  it('counts the runs the team ledger is missing, one run or several', () => {
    expect(behindSentence(1)).toBe('Team ledger is behind by 1 run');
    expect(behindSentence(3)).toBe('Team ledger is behind by 3 runs');
  });

  it('names who holds a person and since when, in UTC like every other time', () => {
    expect(lockHeldSentence({ operator: 'ana@example.com', since: '2026-12-02T10:42:31Z' })).toBe('In progress by ana@example.com since 2026-12-02 10:42 UTC');
  });

  it('says where team mode stands in one line', () => {
    expect(teamStatusLine(status({}))).toEqual({ tone: 'ok', text: 'Live — team ledger up to date' });
    expect(teamStatusLine(status({ behindBy: 3 }))).toEqual({ tone: 'warn', text: 'Team ledger is behind by 3 runs' });
    expect(teamStatusLine(status({ state: 'needs-setup', serviceSid: null })).text).toBe('Needs a Sync Service SID');
    expect(teamStatusLine(status({ state: 'off' })).text).toBe('Team mode is off: runs, locks and approved operators stay in this browser.');
    expect(teamStatusLine(status({ state: 'connecting' })).text).toBe('Connecting to Sync…');
  });

  it('offline, says since when and why, and that runs still record here', () => {
    expect(teamStatusLine(status({ state: 'offline', behindBy: 2, problem: offline })).text).toBe('Offline since 2026-12-02 10:42 UTC: Twilio Sync could not be reached. Runs are recorded here and sent when Sync returns. Team ledger is behind by 2 runs.');
    expect(teamStatusLine(status({ state: 'offline', lastSyncedAt: null })).text).toBe('Offline. Runs are recorded here and sent when Sync returns.');
  });
});
