import { browser } from 'wxt/browser';
import { callBackground } from './client';
import type { CommandName, CommandRequest, CommandResponse } from './commands';

/** `callBackground` over the browser's own channel: what pages and content scripts call. */
export function askBackground<C extends CommandName>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>> {
  return callBackground((message) => browser.runtime.sendMessage(message), command, payload);
}
