import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * Cuts `sandbox/specs/` from the vendors' official OpenAPI documents, so the repository carries the
 * contracts its tests check against instead of reading a folder outside it.
 *
 *   npx tsx sandbox/specs/trim.ts <folder with the originals>
 *
 * (in this project's workplace the originals are in ../shared/specs, beside the repository).
 *
 * Kept: the operations Flex Steward calls or the sandbox serves (below), every component they
 * reach through `$ref`, plus the component schemas the schema tests name, and the response
 * examples of the kept operations (the schema tests parse them). Dropped: every other operation
 * and component, tags, event hooks, descriptions, schema `example`s and request examples. Re-run it after updating
 * the originals and commit what it writes.
 */

type Method = 'get' | 'post' | 'delete';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Source {
  /** File name in the originals' folder; the trimmed copy is written as `<output>`. */
  file: string;
  output: string;
  /** Repository, path and commit the original was taken from. */
  origin: string;
  operations: Record<string, Method[]>;
  /** Component schemas kept even when no kept operation reaches them. */
  schemas?: string[];
}

const TWILIO = 'https://github.com/twilio/twilio-oai, commit d50069b (2026-04-14)';

export const SOURCES: Source[] = [
  {
    file: 'twilio_taskrouter_v1.json',
    output: 'twilio_taskrouter_v1.json',
    origin: `${TWILIO}, spec/json/twilio_taskrouter_v1.json`,
    operations: {
      '/v1/Workspaces': ['get'],
      '/v1/Workspaces/{Sid}': ['get'],
      '/v1/Workspaces/{WorkspaceSid}/Activities': ['get'],
      '/v1/Workspaces/{WorkspaceSid}/Activities/{Sid}': ['get'],
      '/v1/Workspaces/{WorkspaceSid}/Workers': ['get', 'post'],
      '/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}': ['get', 'post', 'delete'],
      '/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations': ['get'],
      '/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations/{Sid}': ['get'],
    },
  },
  {
    file: 'twilio_flex_v1.json',
    output: 'twilio_flex_v1.json',
    origin: `${TWILIO}, spec/json/twilio_flex_v1.json`,
    operations: { '/v1/Configuration': ['get'] },
  },
  {
    file: 'twilio_flex_v2.json',
    output: 'twilio_flex_v2.json',
    origin: `${TWILIO}, spec/json/twilio_flex_v2.json`,
    // The Flex Users API as published: what lib/runs/plan.ts checks its deprovisioning step against.
    operations: { '/v2/Instances/{InstanceSid}/Users/{FlexUserSid}': ['get', 'post'] },
  },
  {
    file: 'twilio_sync_v1.json',
    output: 'twilio_sync_v1.json',
    origin: `${TWILIO}, spec/json/twilio_sync_v1.json`,
    operations: {
      '/v1/Services': ['get', 'post'],
      '/v1/Services/{Sid}': ['get'],
      '/v1/Services/{ServiceSid}/Documents': ['get', 'post'],
      '/v1/Services/{ServiceSid}/Documents/{Sid}': ['get', 'post', 'delete'],
      // Team mode: the run ledger is a List, run locks and approved operators are Maps.
      '/v1/Services/{ServiceSid}/Lists': ['get', 'post'],
      '/v1/Services/{ServiceSid}/Lists/{Sid}': ['get', 'post', 'delete'],
      '/v1/Services/{ServiceSid}/Lists/{ListSid}/Items': ['get', 'post'],
      '/v1/Services/{ServiceSid}/Lists/{ListSid}/Items/{Index}': ['get', 'post', 'delete'],
      '/v1/Services/{ServiceSid}/Maps': ['get', 'post'],
      '/v1/Services/{ServiceSid}/Maps/{Sid}': ['get', 'post', 'delete'],
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items': ['get', 'post'],
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}': ['get', 'post', 'delete'],
    },
  },
  {
    file: 'okta-management-minimal.yaml',
    output: 'okta-management.json',
    origin: 'https://github.com/okta/okta-management-openapi-spec, commit fdda229 (spec 2026.06.3), dist/current/management-minimal.yaml',
    operations: {
      '/api/v1/users': ['get'],
      '/api/v1/users/{id}': ['get'],
      '/api/v1/users/{id}/lifecycle/suspend': ['post'],
      '/api/v1/users/{id}/lifecycle/unsuspend': ['post'],
      '/api/v1/users/{id}/lifecycle/deactivate': ['post'],
      '/api/v1/users/{userId}/sessions': ['delete'],
      '/api/v1/apps': ['get'],
      '/api/v1/apps/{appId}': ['get'],
      '/api/v1/apps/{appId}/users': ['get', 'post'],
      '/api/v1/apps/{appId}/users/{userId}': ['get', 'delete'],
      '/api/v1/apps/{appId}/credentials/keys': ['get'],
      '/api/v1/apps/{appId}/credentials/keys/{keyId}': ['get'],
      '/api/v1/apps/{appId}/sso/saml/metadata': ['get'],
    },
    // lib/okta/schemas.spec.test.ts reads apps as SAML apps and app users' `_embedded.user` as a User.
    schemas: ['SamlApplication', 'User', 'UserStatus', 'AppUser', 'JsonWebKey', 'Error'],
  },
];

const isObject = (node: Json | undefined): node is JsonObject => typeof node === 'object' && node !== null && !Array.isArray(node);

/** Keys whose values are data (example payloads, defaults, enums), copied untouched. */
const LITERAL = new Set(['value', 'default', 'enum', 'const']);
/** Keys whose children are named by the API (a property called `description`), never stripped. */
const NAMED = new Set(['properties', 'patternProperties']);

/**
 * A copy without descriptions and examples. Response examples (`content.<type>.examples`, a map)
 * stay; JSON Schema's `examples` (an array) and request examples go. A Response object keeps an
 * empty `description`, which OpenAPI requires.
 */
function strip(node: Json, inResponses = false): Json {
  if (Array.isArray(node)) return node.map((item) => strip(item, inResponses));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'example' || key === 'externalDocs') continue;
    if (key === 'examples' && (!inResponses || Array.isArray(value))) continue;
    if (LITERAL.has(key)) out[key] = value;
    else if (NAMED.has(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, strip(child, inResponses)]));
    else if (key === 'responses' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([status, response]) => {
          const copy = strip(response, true);
          return [status, isObject(copy) && !('$ref' in copy) ? { description: '', ...copy } : copy];
        }),
      );
    } else out[key] = strip(value, inResponses);
  }
  return out;
}

/** Every `$ref` in a node, outside example payloads. */
function refsIn(node: Json, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else if (!LITERAL.has(key)) refsIn(value, found);
    }
  }
  return found;
}

/** `#/components/schemas/User/properties/x` → `['schemas', 'User']`. */
function componentOf(ref: string): [string, string] {
  const [root, kind, name] = ref.replace(/^#\//, '').split('/');
  if (root !== 'components' || !kind || !name) throw new Error(`Unexpected $ref ${ref}: only refs into components are followed`);
  return [kind, name.replace(/~1/g, '/').replace(/~0/g, '~')];
}

/**
 * Okta's discriminators map every app type to its schema; keeping the mapping whole would keep
 * every app type. The mapping keeps the entries whose schema is kept for another reason.
 */
function pruneMappings(node: Json, kept: (ref: string) => boolean): void {
  if (Array.isArray(node)) node.forEach((item) => pruneMappings(item, kept));
  else if (isObject(node)) {
    const discriminator = node.discriminator;
    if (isObject(discriminator) && isObject(discriminator.mapping)) {
      const mapping = discriminator.mapping;
      for (const [name, ref] of Object.entries(mapping)) if (typeof ref !== 'string' || !kept(ref)) delete mapping[name];
    }
    for (const [key, value] of Object.entries(node)) if (!LITERAL.has(key)) pruneMappings(value, kept);
  }
}

export function trim(original: JsonObject, source: Source): JsonObject {
  const originalPaths = original.paths as Record<string, JsonObject>;
  const paths: JsonObject = {};
  for (const [path, methods] of Object.entries(source.operations)) {
    const item = originalPaths[path];
    if (!item) throw new Error(`${source.file} has no path ${path}`);
    const kept = Object.fromEntries(Object.entries(item).filter(([key]) => !['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(key) || methods.includes(key as Method)));
    for (const method of methods) if (!(method in kept)) throw new Error(`${source.file} has no ${method.toUpperCase()} ${path}`);
    paths[path] = strip(kept);
  }

  const originalComponents = (original.components ?? {}) as Record<string, JsonObject>;
  const components: Record<string, JsonObject> = {};
  if (originalComponents.securitySchemes) components.securitySchemes = strip(originalComponents.securitySchemes) as JsonObject;
  const pending = [...refsIn(paths), ...(source.schemas ?? []).map((name) => `#/components/schemas/${name}`)];
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const [kind, name] = componentOf(ref);
    if (components[kind]?.[name] !== undefined) continue;
    const component = originalComponents[kind]?.[name];
    if (component === undefined) throw new Error(`${source.file} has no ${ref}`);
    const copy = strip(component, kind === 'responses');
    (components[kind] ??= {})[name] = copy;
    pending.push(...refsIn(copy));
  }
  pruneMappings(components, (ref) => {
    const [kind, name] = componentOf(ref);
    return components[kind]?.[name] !== undefined;
  });

  // Tags, tag groups and Okta's event hooks (`x-webhooks`) describe operations that are not kept.
  const { openapi, servers, security, info } = original;
  return {
    ...(strip({ openapi, servers, security } as JsonObject) as JsonObject),
    info: { ...(strip(info ?? {}) as JsonObject), 'x-trimmed-from': `${source.origin}; trimmed by sandbox/specs/trim.ts` },
    paths,
    components: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)).map(([kind, entries]) => [kind, Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)))])),
  };
}

function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  if (!process.argv[2]) {
    console.error('usage: npx tsx sandbox/specs/trim.ts <folder with the vendors’ original OpenAPI documents>');
    process.exit(2);
  }
  const from = resolve(process.argv[2]);
  mkdirSync(here, { recursive: true });
  for (const source of SOURCES) {
    const text = readFileSync(resolve(from, source.file), 'utf8');
    const original = (source.file.endsWith('.yaml') ? parse(text, { maxAliasCount: -1 }) : JSON.parse(text)) as JsonObject;
    const trimmed = `${JSON.stringify(trim(original, source), null, 2)}\n`;
    writeFileSync(resolve(here, source.output), trimmed);
    console.log(`${source.output}: ${Object.keys(source.operations).length} paths, ${Math.round(trimmed.length / 1024)} KiB (from ${Math.round(text.length / 1024)} KiB)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
