import { problem, toProblem } from '../problem';
import { COMMANDS, isCommandName, type Access, type CommandName, type CommandRequest, type CommandResponse } from './commands';
import { envelopeSchema, type Result } from './envelope';
import { classifySender, type SenderInfo, type SenderKind, type TrustContext } from './sender';

export type Handlers = {
  [C in CommandName]: (payload: CommandRequest<C>, sender: SenderInfo & { kind: SenderKind }) => Promise<CommandResponse<C>>;
};

const refused = (message: string) => ({ ok: false as const, problem: problem('permission-denied', message, 'Use the Flex Steward popup or side panel for this.', { service: 'extension' }) });

/**
 * The background's one entry for messages. Order matters: who is asking is settled before the
 * payload is even parsed, and responses are parsed too, so a handler cannot leak a field (a token,
 * say) that its response schema does not name. Handlers may arrive as a promise: a service worker
 * must register its message listener synchronously, before storage and the vault are ready.
 */
export function createRouter(handlers: Handlers | Promise<Handlers>, trust: () => TrustContext | Promise<TrustContext>) {
  return async (message: unknown, sender: SenderInfo): Promise<Result<unknown>> => {
    const kind = classifySender(sender, await trust());
    if (kind === 'untrusted') return refused('This message did not come from Flex Steward or a page it runs on.');

    const envelope = envelopeSchema.safeParse(message);
    if (!envelope.success || !isCommandName(envelope.data.command)) {
      return { ok: false, problem: problem('invalid-request', `Unknown command ${JSON.stringify(envelope.data?.command ?? null)}.`, 'Reload the page; if it persists, the extension and page script are out of date.', { service: 'extension' }) };
    }
    const name = envelope.data.command;
    const command = COMMANDS[name];
    const access = command.access as Access;
    if (access === 'extension' && kind !== 'extension-page') return refused(`"${name}" can only be run from Flex Steward's own windows.`);

    const payload = command.request.safeParse(envelope.data.payload ?? {});
    if (!payload.success) {
      return { ok: false, problem: problem('invalid-request', `The request for "${name}" was malformed: ${payload.error.issues[0]?.message ?? 'invalid'}.`, 'Reload the page and try again.', { service: 'extension' }) };
    }
    try {
      const handler = (await handlers)[name] as (p: unknown, s: SenderInfo & { kind: SenderKind }) => Promise<unknown>;
      const data = command.response.parse(await handler(payload.data, { ...sender, kind }));
      return { ok: true, data };
    } catch (error) {
      return { ok: false, problem: toProblem(error) };
    }
  };
}
