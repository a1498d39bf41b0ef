import { z } from 'zod';

/**
 * Test support: compares one of our zod schemas with the vendor's OpenAPI schema for the same body,
 * field by field, so a schema cannot quietly drift from the vendor's spec (sandbox/specs/). Used by the Okta and
 * Twilio `schemas.spec.test.ts`; it never ships in the extension.
 *
 * "Compatible" means: every field we read exists in the spec; types agree (a date-time is a
 * date-time, a SID pattern is the spec's pattern, an enum lists exactly the spec's values); and
 * nullability agrees both ways, since accepting null where the spec forbids it hides bugs and
 * refusing a null the spec allows breaks on real data.
 */

export interface OpenApiDocument {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
}

interface SpecNode {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: SpecNode;
  properties?: Record<string, SpecNode>;
  additionalProperties?: boolean | SpecNode;
  allOf?: SpecNode[];
  anyOf?: SpecNode[];
  oneOf?: SpecNode[];
}

export type FindingKind = 'missing' | 'type' | 'format' | 'pattern' | 'enum' | 'spec-allows-null' | 'spec-forbids-null';

export interface Finding {
  /** Where in our schema: `profile.email`, `workers[].sid`. */
  path: string;
  kind: FindingKind;
  detail: string;
}

/** The node at a JSON pointer such as `#/components/schemas/User`. */
function pointer(document: OpenApiDocument, ref: string): SpecNode {
  let node: unknown = document;
  for (const segment of ref.replace(/^#\//, '').split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`The spec has nothing at ${ref}`);
  return node as SpecNode;
}

/**
 * A spec node with `$ref`s followed and `allOf`/`anyOf`/`oneOf` members folded in, so a field is
 * found wherever the spec declares it (Okta's SamlApplication is `allOf: [Application, {…}]`).
 */
function flatten(document: OpenApiDocument, node: SpecNode): SpecNode {
  const own = node.$ref ? flatten(document, pointer(document, node.$ref)) : node;
  const members = [...(own.allOf ?? []), ...(own.anyOf ?? []), ...(own.oneOf ?? [])].map((member) => flatten(document, member));
  const merged: SpecNode = { ...own };
  for (const member of members) {
    merged.type ??= member.type;
    merged.format ??= member.format;
    merged.pattern ??= member.pattern;
    merged.enum ??= member.enum;
    merged.items ??= member.items;
    merged.nullable ||= member.nullable;
  }
  const properties = Object.assign({}, ...members.map((member) => member.properties), own.properties) as Record<string, SpecNode>;
  if (Object.keys(properties).length > 0) merged.properties = properties;
  // OpenAPI 3.0 puts `nullable` beside a `$ref` in some vendors' output; honour it there too.
  if (node.$ref && node.nullable) merged.nullable = true;
  return merged;
}

interface Peeled {
  schema: z.ZodType;
  nullable: boolean;
}

function peel(schema: z.ZodType): Peeled {
  let current = schema;
  let nullable = false;
  for (;;) {
    if (current instanceof z.ZodNullable) nullable = true;
    if (current instanceof z.ZodNullable || current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    } else {
      return { schema: current, nullable };
    }
  }
}

function regexOf(schema: z.ZodString | z.ZodStringFormat): string | undefined {
  for (const check of schema.def.checks ?? []) {
    if (check instanceof z.core.$ZodCheckRegex) return check._zod.def.pattern.source;
  }
  return undefined;
}

export interface CompareOptions {
  /**
   * Spec nodes for our paths that the spec leaves open (`additionalProperties: {}`), e.g. Okta's
   * `_embedded.user`, which its docs describe as a User: `{ '_embedded.user': { $ref: '#/components/schemas/User' } }`.
   */
  documented?: Record<string, SpecNode>;
  /**
   * Paths the spec types as non-null while its own response examples send null (Okta's SAML
   * `…Override` fields): our schema must accept what the examples show, so null is allowed there.
   */
  nullInExamples?: string[];
}

/** Every way `ours` disagrees with the spec node (empty when compatible). */
export function compareWithSpec(document: OpenApiDocument, ours: z.ZodType, spec: SpecNode, options: CompareOptions = {}): Finding[] {
  const findings: Finding[] = [];

  const visit = (schema: z.ZodType, node: SpecNode, path: string) => {
    const theirs = flatten(document, node);
    const { schema: inner, nullable } = peel(schema);
    const where = path || '(root)';
    const report = (kind: FindingKind, detail: string) => findings.push({ path: where, kind, detail });

    if (theirs.nullable && !nullable) report('spec-allows-null', 'the spec allows null here, our schema refuses it');
    if (!theirs.nullable && nullable && !options.nullInExamples?.includes(where)) report('spec-forbids-null', 'our schema accepts null, the spec never sends it');

    const want = (type: string) => {
      // A spec node without a type (Flex's `attributes: { nullable: true }`) accepts anything.
      if (theirs.type !== undefined && theirs.type !== type) {
        report('type', `ours is ${type}, the spec's is ${theirs.type}`);
        return false;
      }
      return true;
    };

    if (inner instanceof z.ZodString || inner instanceof z.ZodStringFormat) {
      if (!want('string')) return;
      if (inner.format === 'datetime' && theirs.format !== 'date-time') report('format', `ours is a date-time, the spec's format is ${theirs.format ?? 'none'}`);
      const pattern = regexOf(inner);
      if (pattern !== undefined && pattern !== theirs.pattern) report('pattern', `ours is ${pattern}, the spec's is ${theirs.pattern ?? 'none'}`);
    } else if (inner instanceof z.ZodEnum) {
      if (!want('string')) return;
      const mine = [...inner.options].map(String).sort();
      const spec = (theirs.enum ?? []).filter((v) => v !== null).map(String).sort();
      if (JSON.stringify(mine) !== JSON.stringify(spec)) report('enum', `ours is [${mine.join(', ')}], the spec's is [${spec.join(', ')}]`);
    } else if (inner instanceof z.ZodBoolean) {
      want('boolean');
    } else if (inner instanceof z.ZodNumber) {
      if (inner.isInt) want('integer');
      else if (theirs.type !== 'integer') want('number');
    } else if (inner instanceof z.ZodArray) {
      if (!want('array')) return;
      visit(inner.element as z.ZodType, theirs.items ?? {}, `${path}[]`);
    } else if (inner instanceof z.ZodObject) {
      if (!want('object')) return;
      for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
        const fieldPath = path ? `${path}.${key}` : key;
        const declared = theirs.properties?.[key] ?? options.documented?.[fieldPath.replace(/\[\]/g, '')];
        if (declared) visit(field, declared, fieldPath);
        else findings.push({ path: fieldPath, kind: 'missing', detail: 'the spec has no such field' });
      }
    } else {
      report('type', `the checker does not know zod type ${inner.type}`);
    }
  };

  visit(ours, spec, '');
  return findings;
}

/** The spec node for a named component schema. */
export const component = (name: string): SpecNode => ({ $ref: `#/components/schemas/${name}` });

const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The spec node for an operation's inline JSON response body. */
export const responseBody = (path: string, method: string, status: number): SpecNode => ({
  $ref: `#/paths/${escapeSegment(path)}/${method}/responses/${status}/content/application~1json/schema`,
});

/** Every example body the spec gives for one operation's response, by example name. */
export function responseExamples(document: OpenApiDocument, path: string, method: string, status: number): Record<string, unknown> {
  let response = pointer(document, `#/paths/${escapeSegment(path)}/${method}/responses/${status}`) as { $ref?: string; content?: Record<string, { examples?: Record<string, { $ref?: string; value?: unknown }> }> };
  if (response.$ref) response = pointer(document, response.$ref) as typeof response;
  const examples = response.content?.['application/json']?.examples ?? {};
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [name, (example.$ref ? (pointer(document, example.$ref) as { value?: unknown }) : example).value]),
  );
}
