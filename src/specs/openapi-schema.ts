/**
 * OpenAPI 3.0 schema objects to JSON Schema (draft-07, as ajv reads it): local `$ref`s are
 * inlined, `nullable: true` becomes a `null` type (and a `null` enum member), and the
 * boolean `exclusiveMinimum` / `exclusiveMaximum` of 3.0 become numbers.
 */

type Node = Record<string, unknown>;

const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'readOnly', 'writeOnly', 'deprecated']);

export function toJsonSchema(schema: unknown, document: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, document, seen));
  if (!isNode(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    if (seen.includes(schema.$ref)) throw new Error(`recursive $ref ${schema.$ref} is not supported`);
    return toJsonSchema(resolveRef(document, schema.$ref), document, [...seen, schema.$ref]);
  }
  const converted: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    converted[key] = SCHEMA_MAPS.has(key) ? mapValues(value, document, seen) : toJsonSchema(value, document, seen);
  }
  exclusiveBound(converted, 'exclusiveMinimum', 'minimum');
  exclusiveBound(converted, 'exclusiveMaximum', 'maximum');
  return converted.nullable === true ? nullable(converted) : withoutNullable(converted);
}

/** Follows `#/a/b/c` inside the document. */
export function resolveRef(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, not ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isNode(node) || !(part in node)) throw new Error(`$ref ${ref} does not resolve`);
    node = node[part];
  }
  return node;
}

/** Members whose values are maps of name → schema, not schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);

function mapValues(value: unknown, document: unknown, seen: readonly string[]): unknown {
  if (!isNode(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema, document, seen)]));
}

function nullable(schema: Node): Node {
  const { nullable: _nullable, ...rest } = schema;
  if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
  if (typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'] };
  if (Array.isArray(rest.type)) return rest.type.includes('null') ? rest : { ...rest, type: [...rest.type, 'null'] };
  return { anyOf: [rest, { type: 'null' }] };
}

function withoutNullable(schema: Node): Node {
  const { nullable: _nullable, ...rest } = schema;
  return rest;
}

function exclusiveBound(schema: Node, exclusive: string, bound: string): void {
  if (schema[exclusive] === true && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound];
    delete schema[bound];
  } else if (schema[exclusive] === false) {
    delete schema[exclusive];
  }
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
