import { useCallback, useEffect, useState } from 'react';
import { askBackground } from '../lib/messages/ask-background';
import type { TeamStatus } from '../lib/team/types';
import { askInEffect } from './ask-in-effect';

/**
 * Team mode's status as the background sees it. With `pollEveryMs` it is asked again on that beat,
 * but only while team mode is on and the page is visible (a hidden side panel asks nothing), and
 * once more when the page comes back into view. `polls` counts those asks, for a page that
 * re-reads something else on the same beat. Undefined while unknown, or when the background cannot say.
 */
export function useTeamStatus(pollEveryMs?: number) {
  const [status, setStatus] = useState<TeamStatus>();
  const [polls, setPolls] = useState(0);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => askInEffect(() => askBackground('team.status', {}), setStatus, () => setStatus(undefined)), [round, polls]);

  const polling = pollEveryMs !== undefined && status !== undefined && status.state !== 'off';
  useEffect(() => {
    if (!polling) return;
    const poll = () => {
      if (document.visibilityState === 'visible') setPolls((n) => n + 1);
    };
    const timer = window.setInterval(poll, pollEveryMs);
    document.addEventListener('visibilitychange', poll);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
    };
  }, [polling, pollEveryMs]);
  return { status, reload, polls };
}
