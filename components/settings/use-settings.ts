import { useCallback, useEffect, useState } from 'react';
import { askBackground } from '../../lib/messages/ask-background';
import type { CommandName, CommandRequest, CommandResponse } from '../../lib/messages/commands';
import { toProblem, type Problem } from '../../lib/problem';


export type SettingsView = CommandResponse<'settings.get'>;

/** Calls a background command and reports a failure as a Problem instead of throwing. */
export async function ask<C extends CommandName>(command: C, payload: CommandRequest<C>): Promise<{ data: CommandResponse<C> } | { problem: Problem }> {
  try {
    return { data: await askBackground(command, payload) };
  } catch (error) {
    return { problem: toProblem(error) };
  }
}

/** The settings page's one view of the background: settings, saved secret names, vault state. */
export function useSettings() {
  const [view, setView] = useState<SettingsView>();
  const [loadProblem, setLoadProblem] = useState<Problem>();
  const reload = useCallback(async () => {
    const result = await ask('settings.get', {});
    if ('data' in result) setView(result.data);
    else setLoadProblem(result.problem);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { view, setView, reload, loadProblem };
}
