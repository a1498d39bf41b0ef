import { useState } from 'react';
import type { ConnectionTestResult } from '../../lib/messages/commands';
import type { Problem } from '../../lib/problem';
import { ask, type SettingsView } from './use-settings';

/**
 * "Test connection" for one side: saves unsaved changes first, runs the test, then reloads the
 * settings, because the test may have remembered what it discovered (the Flex app or workspace).
 */
export function useConnectionTest(side: 'okta' | 'twilio', options: { dirty: boolean; save: () => Promise<boolean>; setProblem: (p: Problem | undefined) => void; onRefreshed: (view: SettingsView) => void }) {
  const [test, setTest] = useState<ConnectionTestResult>();
  const [testing, setTesting] = useState(false);

  const runTest = async () => {
    // A result left from the previous run would read as this run's while the new one is under way.
    setTest(undefined);
    options.setProblem(undefined);
    setTesting(true);
    try {
      if (options.dirty && !(await options.save())) return;
      const result = await ask('connection.test', { side });
      if ('problem' in result) return options.setProblem(result.problem);
      setTest(result.data);
      const fresh = await ask('settings.get', {});
      if ('data' in fresh) options.onRefreshed(fresh.data);
    } finally {
      setTesting(false);
    }
  };

  return { test, testing, runTest };
}
