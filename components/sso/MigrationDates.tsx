import { useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import type { SsoCheckerView } from '../../lib/messages/commands';
import { toProblem, type Problem } from '../../lib/problem';
import { MIGRATION_DEADLINE_TEXT } from '../../lib/sso/migration';
import { formatTime } from '../../lib/ui/format-time';
import { ProblemNotice } from '../ProblemNotice';

/** When the migration happened, when the 30-day switch-back window closes, and a way to set or correct the date. */
export function MigrationDates({ migration, onChange }: { migration: SsoCheckerView['migration']; onChange: (migration: SsoCheckerView['migration']) => void }) {
  const [date, setDate] = useState(migration?.record.migratedAt.slice(0, 10) ?? '');
  const [setupType, setSetupType] = useState<'' | 'modify' | 'create'>(migration?.record.setupType ?? '');
  const [problem, setProblem] = useState<Problem>();
  const save = async (run: () => Promise<{ migration: SsoCheckerView['migration'] }>) => {
    try {
      onChange((await run()).migration);
      setProblem(undefined);
    } catch (error) {
      setProblem(toProblem(error));
    }
  };
  const reminder = migration?.reminder;
  return (
    <section aria-label="Migration date">
      {migration && reminder ? (
        <div className={`notice ${reminder.due ? 'warn' : reminder.closed ? 'ok' : 'ok'}`} role="status">
          <p>
            Migrated {formatTime(migration.record.migratedAt)} ({migration.record.source === 'detected' ? 'detected by Flex Steward: the first time Flex showed the enhanced connection' : 'set by you'}
            {migration.record.setupType ? `, ${migration.record.setupType === 'modify' ? 'modified the existing connection' : 'created a new connection'}` : ''}).
          </p>
          <p>
            {reminder.closed
              ? `The switch-back window closed ${formatTime(reminder.closesAt)}: Flex no longer keeps the legacy connection.`
              : `Switch-back window closes ${formatTime(reminder.closesAt)}: ${reminder.daysLeft} day${reminder.daysLeft === 1 ? '' : 's'} left.`}
          </p>
          {reminder.due ? <p className="next">Check that agents sign in with the new connection before then; after it, switching back means setting SSO up again.</p> : null}
        </div>
      ) : (
        <p className="muted small">No migration recorded. Twilio’s deadline for leaving the legacy connection was {MIGRATION_DEADLINE_TEXT}.</p>
      )}
      <div className="row small">
        <label>
          Migrated on <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          Setup type{' '}
          <select value={setupType} onChange={(e) => setSetupType(e.target.value as typeof setupType)}>
            <option value="">—</option>
            <option value="modify">Modified existing</option>
            <option value="create">Created new</option>
          </select>
        </label>
        <button type="button" className="secondary small" disabled={!date} onClick={() => void save(() => askBackground('sso.recordMigration', { migratedAt: `${date}T00:00:00.000Z`, ...(setupType ? { setupType } : {}) }))}>
          Save date
        </button>
        {migration ? (
          <button type="button" className="link-button small" onClick={() => void save(() => askBackground('sso.clearMigration', {}))}>
            Forget
          </button>
        ) : null}
      </div>
      {problem ? <ProblemNotice problem={problem} /> : null}
    </section>
  );
}
