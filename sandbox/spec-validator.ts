import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates sandbox responses against the official OpenAPI documents (the trimmed copy in
 * sandbox/specs/, cut by its trim.ts), so the sandbox cannot drift from the contract our clients
 * are written against.
 */

export const SPECS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'specs');

export type SpecName = 'twilio_taskrouter_v1' | 'twilio_flex_v1' | 'twilio_flex_v2' | 'twilio_sync_v1' | 'okta-management';

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// Twilio's and Okta's own format names; their values are checked by the surrounding schema where it matters.
for (const name of ['uri-map', 'int64', 'int32', 'http-method', 'phone-number', 'decimal', 'currency', 'uri-template'] as const) {
  ajv.addFormat(name, true);
}

const loaded = new Set<SpecName>();
const compiled = new Map<string, ValidateFunction>();

/**
 * Ajv refuses `nullable` on a schema without `type`; Twilio's specs put it on free-form fields
 * (Flex `attributes`, Sync `data`), where any value, null included, is already allowed, and beside
 * `$ref`, where OpenAPI 3.0 ignores siblings. Dropping it there changes no verdict.
 */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(dropUntypedNullable);
  } else if (typeof node === 'object' && node !== null) {
    const schema = node as Record<string, unknown>;
    if (typeof schema.nullable === 'boolean' && schema.type === undefined) delete schema.nullable;
    Object.values(schema).forEach(dropUntypedNullable);
  }
}

function load(spec: SpecName) {
  if (loaded.has(spec)) return;
  const doc = JSON.parse(readFileSync(resolve(SPECS_DIR, `${spec}.json`), 'utf8')) as object;
  dropUntypedNullable(doc);
  ajv.addSchema(doc, spec);
  loaded.add(spec);
}

const pointerEscape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export interface SpecCheck {
  spec: SpecName;
  /** The path template exactly as the spec writes it, e.g. `/v1/Workspaces/{WorkspaceSid}/Workers`. */
  path: string;
  method: 'get' | 'post' | 'put' | 'delete';
  status: number;
  /** Defaults to application/json. */
  contentType?: string;
}

/** Returns the list of schema violations (empty when the body conforms). Throws when the spec has no such response. */
export function specViolations(check: SpecCheck, body: unknown): string[] {
  load(check.spec);
  const contentType = check.contentType ?? 'application/json';
  const pointer = ['paths', check.path, check.method, 'responses', String(check.status), 'content', contentType, 'schema'].map(pointerEscape).join('/');
  const key = `${check.spec}#/${pointer}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.getSchema(key);
    if (!validate) throw new Error(`The spec ${check.spec} has no ${check.method.toUpperCase()} ${check.path} ${check.status} ${contentType} response`);
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim());
}
