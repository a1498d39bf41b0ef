import { describe, expect, it } from 'vitest';
import { createMemoryArea } from '../vault/storage-area';
import { createJournal, RUNS_INDEX_KEY, runKey } from './journal';
import { buildPlan } from './plan';
import { newRun } from './runner';
import type { Preview } from './types';

const preview: Preview = {
  createdAt: '2026-01-01T00:00:00.000Z',
  target: { email: 'kai@example.com' },
  email: 'kai@example.com',
  identityStatus: 'not-in-okta',
  worker: null,
  etag: null,
  reservations: { pending: 0, accepted: 0 },
  busy: false,
  offlineActivity: null,
  workerCandidates: [],
  person: null,
  personCandidates: [],
  flexApp: null,
  assignment: null,
  endpoints: { taskrouter: 'https://taskrouter.twilio.com', okta: null },
  refusal: { reason: 'no-worker', message: 'No Flex worker has the email kai@example.com.' },
};
const plan = buildPlan(preview);
const run = (id: string) => newRun(plan, { id, operator: null, at: '2026-01-01T00:00:00.000Z' });

describe('the run journal', () => {
  it('keeps each run under runs.<id>, indexed newest first', async () => {
    const area = createMemoryArea();
    const journal = createJournal(area);
    await journal.create(run('a'));
    await journal.create(run('b'));
    expect(Object.keys(area.entries()).sort()).toEqual([RUNS_INDEX_KEY, runKey('a'), runKey('b')].sort());
    expect(await journal.ids()).toEqual(['b', 'a']);
    expect((await journal.list()).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('applies concurrent changes one after another, so none is lost', async () => {
    const journal = createJournal(createMemoryArea(), () => new Date('2026-02-02T00:00:00.000Z'));
    await journal.create(run('a'));
    await Promise.all([
      journal.update('a', (r) => void (r.operator = 'lead@example.com')),
      journal.update('a', (r) => void (r.state = 'paused')),
      journal.update('a', () => false),
    ]);
    expect(await journal.get('a')).toMatchObject({ operator: 'lead@example.com', state: 'paused', updatedAt: '2026-02-02T00:00:00.000Z' });
  });

  it('ignores records it cannot read rather than acting on them', async () => {
    const area = createMemoryArea();
    const journal = createJournal(area);
    await journal.create(run('a'));
    await area.set({ [runKey('broken')]: { id: 'broken', state: 'running' }, [RUNS_INDEX_KEY]: ['broken', 'a'] });
    expect(await journal.get('broken')).toBeNull();
    expect(await journal.update('broken', (r) => void (r.state = 'done'))).toBeNull();
    expect((await journal.list()).map((r) => r.id)).toEqual(['a']);
    expect(await journal.get('missing')).toBeNull();
  });
});
