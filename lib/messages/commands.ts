import { z } from 'zod';

/**
 * Every command the background answers, with the schema of its request and response and who may
 * send it. Content scripts run inside pages we do not control, so they get only read-only lookups
 * and "open extension UI"; anything that changes state is for extension pages alone.
 */
export type Access = 'content' | 'extension';

const connectionSide = z.object({ configured: z.boolean(), label: z.string().optional() });

export const COMMANDS = {
  ping: {
    access: 'content',
    request: z.object({}),
    response: z.object({ version: z.string() }),
  },
  'connection.status': {
    access: 'content',
    request: z.object({}),
    response: z.object({ okta: connectionSide, twilio: connectionSide }),
  },
  'ui.openSettings': {
    access: 'content',
    request: z.object({ section: z.enum(['okta', 'twilio']).optional() }),
    response: z.object({ opened: z.boolean() }),
  },
} satisfies Record<string, { access: Access; request: z.ZodType; response: z.ZodType }>;

export type CommandName = keyof typeof COMMANDS;
export type CommandRequest<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['request']>;
export type CommandResponse<C extends CommandName> = z.infer<(typeof COMMANDS)[C]['response']>;

export const isCommandName = (name: unknown): name is CommandName => typeof name === 'string' && Object.hasOwn(COMMANDS, name);
