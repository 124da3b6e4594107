/** Pieces of the configuration's JSON schema that several sections use. */

/** Patterns are named, so a problem can say in words what the field must look like. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const HTTP_URL_PATTERN = '^https?://[^\\s]+$';

export const positiveInteger = { type: 'integer', minimum: 1 } as const;
export const name = { type: 'string', pattern: NAME_PATTERN } as const;
export const httpUrl = { type: 'string', pattern: HTTP_URL_PATTERN } as const;
export const filePath = { type: 'string', minLength: 1 } as const;
export const secret = (what: string) => ({ type: 'string', minLength: 1, description: `${what}; a secret: \`\${ENV_NAME}\` only, never written into the file` }) as const;
export const secretFile = (field: string) => ({ ...filePath, description: `a file holding \`${field}\` instead (relative to the config file's folder; a trailing newline is dropped)` }) as const;
