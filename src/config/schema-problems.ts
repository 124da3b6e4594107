import type { ErrorObject } from 'ajv';
import { HTTP_URL_PATTERN, NAME_PATTERN, REGION_PATTERN } from './config-schema.js';
import { nearestName } from './nearest-name.js';

/**
 * Every error of one validation as lines, once each. A missing field that an unknown one
 * is the misspelling of (`agentID` for `agentId`) gets the "did you mean" line only.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], within = ''): string[] {
  const misspelt = new Set(
    errors
      .filter((error) => error.keyword === 'additionalProperties')
      .map((error) => `${error.instancePath}/${suggestionFor(error) ?? ''}`),
  );
  const shown = errors.filter(
    (error) => error.keyword !== 'required' || !misspelt.has(`${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`),
  );
  return [...new Set(shown.map((error) => describeSchemaError(error, within)))];
}

function suggestionFor(error: ErrorObject): string | undefined {
  const extra = (error.params as { additionalProperty: string }).additionalProperty;
  return nearestName(extra, Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
}

/**
 * One schema error as a line an operator can act on: the field's path, then what is wrong
 * in plain words (never a regular expression, never the value itself). Needs ajv's
 * `verbose` option, for the schema around the field. `within` is where the checked value
 * sits in the file (a source binding is checked on its own, against its adapter's schema).
 */
export function describeSchemaError(error: ErrorObject, within = ''): string {
  const inner = pathOf(error.instancePath);
  const path = within && inner ? `${within}${inner.startsWith('[') ? '' : '.'}${inner}` : within || inner;
  // One line for a failed either-or of the config file, not one per alternative.
  if (!within && error.schemaPath.startsWith('#/properties/auth/') && (error.keyword === 'if' || error.schemaPath.includes('/then/'))) {
    return 'auth.secret: is required with mode jwt (or secretFile, publicKey, publicKeyFile or jwksUrl)';
  }
  if (!within && (error.keyword === 'anyOf' || (error.keyword === 'required' && error.schemaPath.includes('/anyOf/')))) {
    return `${path}: needs apiKey or token (or apiKeyFile or tokenFile)`;
  }
  const field = (name: string) => `${path ? `${path}.` : ''}${name}`;
  if (error.keyword === 'required') return `${field((error.params as { missingProperty: string }).missingProperty)}: is required`;
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const suggestion = suggestionFor(error);
    return `${field(extra)}: is not a known field${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
  }
  return `${path || '(root)'}: ${plainMessage(error)}`;
}

function plainMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'pattern':
      if (params.pattern === HTTP_URL_PATTERN) return 'must be an http:// or https:// URL';
      if (params.pattern === NAME_PATTERN) return "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
      if (params.pattern === REGION_PATTERN) return 'must be a region code of two capital letters (ISO 3166-1 alpha-2), such as CA or GB';
      // A field whose form has a name says it: "must be a Tether user id, 24 hexadecimal digits".
      return typeof error.parentSchema?.description === 'string' ? `must be ${error.parentSchema.description}` : 'is not in the expected form';
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return params.type === 'integer' ? 'must be a whole number' : `must be a ${String(params.type)}`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
    case 'minItems':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} entries`;
    case 'minProperties':
      return 'must not be empty';
    case 'uniqueItems':
      return 'must not repeat an entry';
    default:
      return error.message ?? 'is not valid';
  }
}

/** `/connections/chatdash/baseUrl` → `connections.chatdash.baseUrl`; list items as `[0]`. */
function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((joined, part) => (/^\d+$/.test(part) ? `${joined}[${part}]` : joined ? `${joined}.${part}` : part), '');
}
