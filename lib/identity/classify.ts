import type { Problem } from '../problem';
import { isLookalike } from './lookalike';
import type { IdentityStatus } from './statuses';

/** The Okta user fields a status needs; the same shape crosses to pages and into the ledger. */
export interface OktaPerson {
  id: string;
  status: 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  lastLogin: string | null;
  /** Assigned to the Flex app; null when no Flex app is configured, so assignment is unknown. */
  flexAssigned: boolean | null;
}

export type OktaLookup = { ok: true; people: OktaPerson[] } | { ok: false; problem: Problem };

export interface Classification {
  status: IdentityStatus;
  email: string | null;
  people: OktaPerson[];
  /** For `unknown`: why the lookup failed, as the admin should read it. */
  problem?: Problem;
}

const BY_OKTA_STATUS: Record<OktaPerson['status'], IdentityStatus> = {
  STAGED: 'not-yet-active',
  PROVISIONED: 'not-yet-active',
  ACTIVE: 'active',
  RECOVERY: 'active-with-warning',
  PASSWORD_EXPIRED: 'active-with-warning',
  LOCKED_OUT: 'active-with-warning',
  SUSPENDED: 'suspended',
  DEPROVISIONED: 'deprovisioned',
};

/**
 * A worker's status from its email and what Okta said about that email. Pure: the lookup happened
 * before (or, for a look-alike address, never happened), so the same inputs always give the same
 * status, in the badge and in the ledger alike.
 */
export function classify(email: string | null, lookup: OktaLookup): Classification {
  if (!email) return { status: 'no-email', email: null, people: [] };
  // Whatever a lookup said, a look-alike address is matched to nobody (see `lookalike.ts`).
  if (isLookalike(email)) return { status: 'lookalike', email, people: [] };
  if (!lookup.ok) return { status: 'unknown', email, people: [], problem: lookup.problem };
  const { people } = lookup;
  if (people.length === 0) return { status: 'not-in-okta', email, people };
  if (people.length > 1) return { status: 'ambiguous', email, people };
  const person = people[0]!;
  const status = BY_OKTA_STATUS[person.status];
  // Only an ACTIVE person's Flex assignment decides anything: everyone else's seat is at issue anyway.
  if (status === 'active' && person.flexAssigned === false) return { status: 'unassigned', email, people };
  return { status, email, people };
}
