import { z } from 'zod';
import { PROBLEM_CODES, type Problem } from '../problem';

/** What crosses `runtime.sendMessage`: a command name and its payload, answered by a result. */
export const envelopeSchema = z.object({
  command: z.string().max(100),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export const problemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  nextStep: z.string(),
  service: z.enum(['okta', 'twilio', 'extension']).optional(),
  httpStatus: z.number().optional(),
  vendorCode: z.string().optional(),
  requestId: z.string().optional(),
  retryable: z.boolean(),
  retryAt: z.string().optional(),
});
