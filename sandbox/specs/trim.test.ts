import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPECS_DIR } from '../spec-validator';
import { SOURCES, trim } from './trim';

const source = { file: 'api.json', output: 'api.json', origin: 'https://example.test/api, commit abc', operations: { '/things/{id}': ['get' as const] } };

const original = {
  openapi: '3.0.1',
  info: { title: 'API', description: 'long prose' },
  tags: [{ name: 'Things', description: 'more prose' }],
  paths: {
    '/things/{id}': {
      get: {
        description: 'Fetch a thing',
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' }, examples: { one: { $ref: '#/components/examples/One' } } } } },
        },
      },
      delete: { responses: { '204': { description: 'gone' } } },
    },
    '/others': { get: { responses: { '200': { $ref: '#/components/responses/Other' } } } },
  },
  components: {
    schemas: {
      Thing: { type: 'object', description: 'A thing', example: { description: 'x' }, properties: { description: { type: 'string', description: 'its description' }, part: { $ref: '#/components/schemas/Part' } } },
      Part: { type: 'string', enum: ['a', 'b'] },
      Unused: { type: 'integer' },
    },
    examples: { One: { summary: 'one', value: { description: 'kept, it is data' } }, Two: { value: {} } },
    responses: { Other: { description: 'unused' } },
  },
};

describe('trimming an OpenAPI document', () => {
  const trimmed = trim(original, source) as typeof original & { info: Record<string, string> };

  it('keeps only the listed operations and the components they reach', () => {
    expect(Object.keys(trimmed.paths)).toEqual(['/things/{id}']);
    expect(Object.keys(trimmed.paths['/things/{id}'])).toEqual(['get']);
    expect(Object.keys(trimmed.components.schemas).sort()).toEqual(['Part', 'Thing']);
    expect(Object.keys(trimmed.components.examples)).toEqual(['One']);
    expect(trimmed.components.responses).toBeUndefined();
  });

  it('drops descriptions and schema examples, but not a property named description nor example data', () => {
    const thing = trimmed.components.schemas.Thing as Record<string, unknown>;
    expect(thing).toEqual({ type: 'object', properties: { description: { type: 'string' }, part: { $ref: '#/components/schemas/Part' } } });
    expect(trimmed.components.examples.One).toEqual({ summary: 'one', value: { description: 'kept, it is data' } });
    expect(trimmed.paths['/things/{id}'].get.responses['200'].description).toBe('');
    expect(trimmed.tags).toBeUndefined();
  });

  it('states where it was cut from', () => {
    expect(trimmed.info).toEqual({ title: 'API', 'x-trimmed-from': 'https://example.test/api, commit abc; trimmed by sandbox/specs/trim.ts' });
  });

  it('refuses an operation the original does not have, rather than writing a copy without it', () => {
    expect(() => trim(original, { ...source, operations: { '/things/{id}': ['post'] } })).toThrow(/has no POST \/things\/\{id\}/);
  });
});

describe('the committed copies', () => {
  const pointer = (document: unknown, ref: string) =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], document);

  it.each(SOURCES)('$output has every operation listed and no $ref left dangling', ({ output, operations }) => {
    const text = readFileSync(resolve(SPECS_DIR, output), 'utf8');
    const document = JSON.parse(text) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, methods] of Object.entries(operations)) expect(Object.keys(document.paths[path] ?? {})).toEqual(expect.arrayContaining(methods));
    const refs = [...text.matchAll(/"(?:\$ref|[A-Za-z_]+)": "(#\/components\/[^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => pointer(document, ref) === undefined)).toEqual([]);
  });
});
