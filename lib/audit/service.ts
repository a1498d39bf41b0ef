import type { AuditRow, AuditScope, AuditSummary, AuditView } from './types';

/**
 * The licence audit as the background runs it: one audit at a time, its state checkpointed in the
 * extension store after every unit of work, so closing the side panel or a service-worker restart
 * loses nothing and repeats no request whose answer was kept.
 */
export interface AuditService {
  /** Starts a new audit (replacing the last one's rows); refused while one is running. */
  start(scope: AuditScope): Promise<AuditView>;
  /** Stops after the request in flight; what was read so far is kept for `resume`. */
  cancel(): Promise<AuditView>;
  /** Continues a cancelled or failed audit from its checkpoint. */
  resume(): Promise<AuditView>;
  view(): Promise<AuditView>;
  /** Rows of the current audit in worker-list order (empty until it is done). */
  rows(offset: number, limit: number): Promise<{ rows: AuditRow[]; total: number }>;
  /** The latest finished audit's counts for one workspace, or null when none covered it. */
  summary(workspaceSid: string): Promise<AuditSummary>;
  /** On every service-worker start: a `running` audit continues from its checkpoint. */
  continueAfterRestart(): Promise<void>;
}
