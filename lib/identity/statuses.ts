import type { Tone } from '../ui/tone';

/**
 * The one status vocabulary: every surface (badge, card, popup, audit, ledger, tests) shows a
 * worker's Okta standing with these names, labels, tones and sentences, and nothing else.
 *
 * Labels use Okta's own words: its API says `DEPROVISIONED`, its Admin Console says
 * *Deactivated*, and "Deprovisioned" on a worker that still exists would read as "already removed".
 * (The id stays `deprovisioned`, after the API value, because saved runs name it.) Tones agree with
 * the Admin Console's status chip shown beside our card: suspended and deactivated people are a
 * warning there, never an error.
 */
export const IDENTITY_STATUSES = [
  'active',
  'unassigned',
  'suspended',
  'deprovisioned',
  'not-yet-active',
  'active-with-warning',
  'not-in-okta',
  'ambiguous',
  'lookalike',
  'no-email',
  'unknown',
] as const;

export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

export interface StatusInfo {
  label: string;
  tone: Tone;
  /** A glyph beside the label, so the status does not rest on colour alone. */
  icon: string;
  /** One sentence: what this status means for this worker. */
  explanation: string;
  /** One sentence: what the admin should do, or null when nothing is needed. */
  action: string | null;
  /** Whether the recommended action is to deprovision: the worker holds a seat nobody should. */
  freesSeat: boolean;
}

export const STATUS_INFO: Record<IdentityStatus, StatusInfo> = {
  active: {
    label: 'Active',
    tone: 'ok',
    icon: '✓',
    explanation: 'Active in Okta and assigned to the Flex app.',
    action: null,
    freesSeat: false,
  },
  unassigned: {
    label: 'Unassigned',
    tone: 'warn',
    icon: '⚠',
    explanation: 'Active in Okta but no longer assigned to the Flex app, yet still holding a Flex seat.',
    action: 'Frees a Flex seat: deprovision.',
    freesSeat: true,
  },
  suspended: {
    label: 'Suspended',
    tone: 'warn',
    icon: '‖',
    explanation: 'Suspended in Okta, yet still holding a Flex seat.',
    action: 'Frees a Flex seat: deprovision.',
    freesSeat: true,
  },
  deprovisioned: {
    label: 'Deactivated',
    tone: 'warn',
    icon: '✕',
    explanation: 'Deactivated in Okta, yet still holding a Flex seat.',
    action: 'Frees a Flex seat: deprovision.',
    freesSeat: true,
  },
  'not-yet-active': {
    label: 'Not yet active',
    tone: 'info',
    icon: '…',
    explanation: 'Created in Okta but not activated yet (staged or pending activation).',
    action: 'Nothing to do until they are activated; check why a Flex worker already exists if that is unexpected.',
    freesSeat: false,
  },
  'active-with-warning': {
    label: 'Active with warning',
    tone: 'warn',
    icon: '!',
    explanation: 'Active in Okta but locked out, in password recovery or with an expired password.',
    action: 'Check with the person; their Flex seat is still in use.',
    freesSeat: false,
  },
  'not-in-okta': {
    label: 'Not in Okta',
    tone: 'danger',
    icon: '∅',
    explanation: 'No Okta user has this email address or login, deactivated ones included.',
    action: 'Check whether this is a test or local account; deprovision it if nobody uses it.',
    freesSeat: true,
  },
  ambiguous: {
    label: 'Ambiguous',
    tone: 'warn',
    icon: '≠',
    explanation: 'Several Okta users match this email address, so Flex Steward cannot tell who this worker is.',
    action: 'Resolve the duplicate in Okta (or pick the person explicitly), then refresh. Flex Steward never acts on an ambiguous match.',
    freesSeat: false,
  },
  lookalike: {
    label: 'Look-alike address',
    tone: 'danger',
    icon: '≈',
    explanation: 'This worker’s email holds a character that only looks like an ordinary one, so Flex Steward matches it to no Okta user and never looks it up.',
    action: 'Correct the address on the worker (or find the person by hand). Flex Steward never acts on a look-alike address.',
    freesSeat: false,
  },
  'no-email': {
    label: 'No email',
    tone: 'neutral',
    icon: '–',
    explanation: 'This worker has no email address to match an Okta user on.',
    action: 'Add an email attribute to the worker, or check it by hand.',
    freesSeat: false,
  },
  unknown: {
    label: 'Unknown',
    tone: 'neutral',
    icon: '?',
    explanation: 'The Okta lookup failed, so this worker’s standing is not known.',
    action: 'Try again; if it keeps failing, test the connection in Settings.',
    freesSeat: false,
  },
};

/**
 * Statuses nothing is ever offered for, however the admin asks: no Deprovision button, and a
 * preview of such a worker is blocked. Unlike an ambiguous match, picking a person cannot settle
 * it, because the address itself is not what it seems.
 */
export const NEVER_ACTIONABLE: ReadonlySet<IdentityStatus> = new Set<IdentityStatus>(['lookalike']);

/**
 * "Seats that can be freed", as the licence audit, the Console's worker list and bulk runs count
 * them: Unassigned, Suspended and Deactivated. Not in Okta frees a seat too (`freesSeat`), but only
 * once someone has checked the address is no typo or local account, so it is "to check", never here.
 */
export const FREEABLE_STATUSES: ReadonlySet<IdentityStatus> = new Set<IdentityStatus>(['unassigned', 'suspended', 'deprovisioned']);
export const isFreeable = (status: IdentityStatus) => FREEABLE_STATUSES.has(status);
