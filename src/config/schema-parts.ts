import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** Pieces of the configuration's schema that several sections use. */

/** Patterns are named, so a problem can say in words what the field must look like. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const HTTP_URL_PATTERN = '^https?://[^\\s]+$';

type Options = { description?: string; minimum?: number; maximum?: number };

export const positiveInteger = (options: Options = {}) => Type.Integer({ minimum: 1, ...options });
export const name = () => Type.String({ pattern: NAME_PATTERN });
export const httpUrl = (description: string) => Type.String({ pattern: HTTP_URL_PATTERN, description });
export const filePath = (description?: string) => Type.String({ minLength: 1, ...(description ? { description } : {}) });
export const secret = (what: string) => Type.String({ minLength: 1, description: `${what}; a secret: \`\${ENV_NAME}\` only, never written into the file` });
export const secretFile = (field: string) => filePath(`a file holding \`${field}\` instead (relative to the config file's folder; a trailing newline is dropped)`);

/** One of a few words, as JSON schema's `enum` (a problem then lists the allowed values). */
export const oneOf = <const Values extends readonly string[]>(values: Values, description: string): TUnsafe<Values[number]> =>
  Type.Unsafe<Values[number]>({ enum: [...values], description });

/**
 * A mapping of named entries (connections, agents, subscriptions): any number of names of
 * one form, each holding an `entry`.
 */
export const namedEntries = <Entry extends TSchema>(entry: Entry, description: string): TUnsafe<Record<string, Static<Entry>>> =>
  Type.Unsafe<Record<string, Static<Entry>>>({ type: 'object', description, minProperties: 1, propertyNames: name(), additionalProperties: entry });

/**
 * A field the file may leave out and the loaded configuration always has: ajv
 * (`useDefaults`) fills in `value` where the file enters, so the derived type says the
 * field is there and no reader needs a fallback of its own.
 */
export function withDefault<Schema extends TSchema>(schema: Schema, value: Static<Schema>): Schema {
  return Type.Optional({ ...schema, default: value }) as unknown as Schema;
}

/** A section the file may leave out: it is then filled in with the defaults of its fields. */
export function defaultedSection<Schema extends TSchema>(schema: Schema): Schema {
  return Type.Optional({ ...schema, default: {} }) as unknown as Schema;
}
