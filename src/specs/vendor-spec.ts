import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { resolveRef, toJsonSchema } from './openapi-schema.js';

/**
 * A vendor's OpenAPI document from `specs/`, read so a vendor exchange can be
 * checked against it: the request's query and body, and the response body of its status.
 * A deviation is reported as a `SpecDeviation` that names the field (`data[0].state`).
 */

export interface SpecDeviation {
  /** The field in the checked value, as `data[0].state`; '' for the value itself. */
  field: string;
  message: string;
}

/** An OpenAPI security scheme, as the document declares it. */
export interface SecurityScheme {
  /** Its key under `components.securitySchemes`. */
  id: string;
  /** `http` or `apiKey` (others are not checked). */
  type: string;
  /** Of an `http` scheme: `bearer`, `basic`. */
  scheme?: string;
  /** Of an `apiKey` scheme: where it goes (`header`, `query`) and under which name. */
  in?: string;
  name?: string;
}

export interface OperationAuth {
  /** Any one alternative authenticates; every scheme of it must hold. */
  alternatives: SecurityScheme[][];
  /** Header parameters the operation marks `required`. */
  requiredHeaders: string[];
}

interface Operation {
  template: string;
  pattern: RegExp;
  method: string;
  definition: Record<string, unknown>;
}

const SPEC_EXTENSIONS = ['.openapi.yaml', '.openapi.yml', '.openapi.json'];

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

export class VendorSpec {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly operations: Operation[];

  constructor(
    readonly vendor: string,
    /** Path of the document, for messages. */
    readonly file: string,
    readonly document: Record<string, unknown>,
  ) {
    this.operations = operationsOf(document);
  }

  /** `specs/<vendor>.openapi.{yaml,yml,json}` under `specsFolder`. */
  static load(specsFolder: string, vendor: string): VendorSpec {
    const file = SPEC_EXTENSIONS.map((extension) => join(specsFolder, `${vendor}${extension}`)).find((path) => existsSync(path));
    if (!file) throw new Error(`no spec for ${vendor}: expected specs/${vendor}.openapi.yaml or .json`);
    const text = readFileSync(file, 'utf8');
    const document = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
    return new VendorSpec(vendor, file, document);
  }

  /** The documented operations, as `GET /call`. */
  get operationNames(): string[] {
    return this.operations.map((operation) => `${operation.method} ${operation.template}`);
  }

  /** Deviations of a response body from the schema documented for its status. */
  checkResponse(method: string, path: string, status: number, body: unknown): SpecDeviation[] {
    const operation = this.find(method, path);
    if (!operation) return [{ field: '', message: `${method} ${path} is not an operation of the ${this.vendor} spec` }];
    const found = this.responseOf(operation, status);
    if (found === undefined) return [{ field: '', message: `the ${this.vendor} spec documents no ${status} response for ${method} ${operation.template}` }];
    if (found.schema === undefined) return [];
    return this.validate(`${method} ${operation.template} ${found.key} response`, found.schema, body);
  }

  /** The JSON schema documented for a response, as written (`$ref`s unresolved; see `resolveNode`). */
  responseSchema(method: string, path: string, status: number): unknown {
    const operation = this.find(method, path);
    return operation && this.responseOf(operation, status)?.schema;
  }

  /** A schema node with its `$ref` followed, as an object. */
  resolveNode(value: unknown): Record<string, unknown> {
    return asNode(this.resolve(value));
  }

  private responseOf(operation: Operation, status: number): { key: string; schema: unknown } | undefined {
    const responses = asNode(operation.definition.responses);
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((candidate) => candidate in responses);
    if (key === undefined) return undefined;
    return { key, schema: asNode(asNode(this.resolveNode(responses[key]).content)['application/json']).schema };
  }

  /** Deviations of a request's query parameters and JSON body from the operation's parameters. */
  checkRequest(method: string, path: string, query: Record<string, string>, body?: unknown): SpecDeviation[] {
    const operation = this.find(method, path);
    if (!operation) return [{ field: '', message: `${method} ${path} is not an operation of the ${this.vendor} spec` }];
    const parameters = (Array.isArray(operation.definition.parameters) ? operation.definition.parameters : [])
      .map((parameter) => asNode(this.resolve(parameter)))
      .filter((parameter) => parameter.in === 'query');
    const deviations: SpecDeviation[] = [];
    for (const [name, value] of Object.entries(query)) {
      const parameter = parameters.find((candidate) => candidate.name === name);
      if (!parameter) {
        deviations.push({ field: `query.${name}`, message: 'is not a documented query parameter' });
        continue;
      }
      const schema = toJsonSchema(parameter.schema ?? {}, this.document);
      const problems = this.validate(`${method} ${operation.template} query ${name}`, schema, coerce(value, schema));
      deviations.push(...problems.map((problem) => ({ field: `query.${name}${problem.field ? `.${problem.field}` : ''}`, message: problem.message })));
    }
    const requestBody = asNode(this.resolve(operation.definition.requestBody));
    const bodySchema = asNode(asNode(requestBody.content)['application/json']).schema;
    if (body !== undefined && bodySchema !== undefined) {
      const problems = this.validate(`${method} ${operation.template} request body`, bodySchema, body);
      deviations.push(...problems.map((problem) => ({ field: `body${problem.field ? `.${problem.field}` : ''}`, message: problem.message })));
    } else if (body === undefined && requestBody.required === true) {
      deviations.push({ field: 'body', message: 'is required' });
    }
    return deviations;
  }

  /**
   * How the operation says a caller authenticates: the alternatives of its security
   * requirement (its own, else the document's), each the schemes that must all hold, and
   * the header parameters it requires. `undefined` when the path is not an operation.
   */
  authOf(method: string, path: string): OperationAuth | undefined {
    const operation = this.find(method, path);
    if (!operation) return undefined;
    const requirements = Array.isArray(operation.definition.security) ? operation.definition.security : Array.isArray(this.document.security) ? this.document.security : [];
    const schemes = asNode(asNode(this.document.components).securitySchemes);
    const alternatives = requirements.map((requirement) => Object.keys(asNode(requirement)).map((id) => securitySchemeOf(id, asNode(this.resolve(schemes[id])))));
    const headers = (Array.isArray(operation.definition.parameters) ? operation.definition.parameters : [])
      .map((parameter) => asNode(this.resolve(parameter)))
      .filter((parameter) => parameter.in === 'header' && parameter.required === true)
      .map((parameter) => String(parameter.name));
    return { alternatives: alternatives.filter((alternative) => alternative.length > 0), requiredHeaders: headers };
  }

  private find(method: string, path: string): Operation | undefined {
    return this.operations.find((operation) => operation.method === method.toUpperCase() && operation.pattern.test(path));
  }

  private resolve(value: unknown): unknown {
    const node = asNode(value);
    return typeof node.$ref === 'string' ? this.resolve(resolveRef(this.document, node.$ref)) : value;
  }

  private validate(key: string, schema: unknown, value: unknown): SpecDeviation[] {
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.compile(toJsonSchema(schema, this.document) as object);
      this.validators.set(key, validator);
    }
    if (validator(value)) return [];
    return dedupe(withoutBranchErrors(validator.errors ?? []).map((error) => describeError(error, value)));
  }
}

function securitySchemeOf(id: string, node: Record<string, unknown>): SecurityScheme {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { id, type: text(node.type) ?? 'undeclared', scheme: text(node.scheme)?.toLowerCase(), in: text(node.in), name: text(node.name) };
}

function operationsOf(document: Record<string, unknown>): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(asNode(document.paths))) {
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
    const pattern = new RegExp(`^${source}/?$`);
    for (const [method, definition] of Object.entries(asNode(item))) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations.push({ template, pattern, method: method.toUpperCase(), definition: asNode(definition) });
    }
  }
  return operations;
}

/** A query string value read as the parameter's declared type, so `"5"` checks as an integer. */
function coerce(value: string, schema: unknown): unknown {
  const types = typesOf(schema);
  if ((types.includes('integer') || types.includes('number')) && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('array')) return [value];
  return value;
}

function typesOf(schema: unknown): unknown[] {
  const node = asNode(schema);
  const own = Array.isArray(node.type) ? node.type : [node.type];
  const branches = [node.anyOf, node.oneOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return [...own, ...branches.flatMap(typesOf)];
}

/** Errors inside a failed `anyOf` / `oneOf` branch say less than the `anyOf` error itself. */
function withoutBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  return errors.filter(
    (error) => !alternatives.some((alternative) => alternative !== error && error.schemaPath.startsWith(`${alternative.schemaPath}/`)),
  );
}

/** `/data/0/state` → `data[0].state`. */
export function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((joined, part) => (/^\d+$/.test(part) ? `${joined}[${part}]` : joined ? `${joined}.${part}` : part), '');
}

function describeError(error: ErrorObject, root: unknown): SpecDeviation {
  const field = fieldName(error.instancePath);
  const value = valueAt(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  const join = (name: string, member: string) => (field ? `${field}.${member}` : member) || name;
  switch (error.keyword) {
    case 'enum':
      return { field, message: `unknown enum value ${JSON.stringify(value)} (allowed: ${(params.allowedValues as unknown[]).map(String).join(', ')})` };
    case 'type':
      return { field, message: `must be ${String(params.type)}, got ${typeName(value)}` };
    case 'required':
      return { field: join('', String(params.missingProperty)), message: 'is required but missing' };
    case 'additionalProperties':
      return { field: join('', String(params.additionalProperty)), message: 'is not a field the spec allows' };
    case 'anyOf':
    case 'oneOf':
      return { field, message: `matches none of the documented shapes (got ${typeName(value)} ${JSON.stringify(value)?.slice(0, 60)})` };
    default:
      return { field, message: `${error.message ?? 'is invalid'}${value === undefined ? '' : ` (got ${JSON.stringify(value)?.slice(0, 60)})`}` };
  }
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function dedupe(deviations: SpecDeviation[]): SpecDeviation[] {
  const seen = new Set<string>();
  return deviations.filter((deviation) => {
    const key = `${deviation.field}: ${deviation.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function asNode(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
