import { ProblemError } from '../problem';
import type { CommandName, CommandRequest, CommandResponse } from './commands';
import type { Result } from './envelope';

export type SendMessage = (message: unknown) => Promise<unknown>;

/**
 * Asks the background to run a command. Pages and content scripts call this and nothing else; a
 * refusal or failure arrives as a ProblemError carrying the background's Problem.
 */
export async function callBackground<C extends CommandName>(send: SendMessage, command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>> {
  const result = (await send({ command, payload })) as Result<CommandResponse<C>> | undefined;
  if (!result) throw new ProblemError({ code: 'unknown', message: 'Flex Steward did not answer.', nextStep: 'Reload the page; if the extension was just updated, that reconnects it.', retryable: true, service: 'extension' });
  if (!result.ok) throw new ProblemError(result.problem);
  return result.data;
}
