/** Shorter HMAC secrets can be guessed offline from one signed token or cursor. */
export const MIN_SECRET_LENGTH = 16;

/**
 * After `${ENV}` and `…File` fields are resolved: every HMAC secret (the JWT secret, each
 * cursor secret) is long enough. Names the field and the rule, never the value.
 */
export function shortSecretProblems(raw: { auth?: { secret?: string }; cursor?: { secret?: string; secrets?: string[] } }): string[] {
  const secrets: Array<[string, string | undefined]> = [
    ['auth.secret', raw.auth?.secret],
    ['cursor.secret', raw.cursor?.secret],
    ...(Array.isArray(raw.cursor?.secrets) ? raw.cursor.secrets : []).map((secret, index): [string, string] => [`cursor.secrets[${index}]`, secret]),
  ];
  return secrets
    .filter(([, secret]) => typeof secret === 'string' && secret.length < MIN_SECRET_LENGTH)
    .map(
      ([field, secret]) =>
        `${field}: is ${secret!.length} characters long; use at least ${MIN_SECRET_LENGTH} (for example the output of: openssl rand -base64 32)`,
    );
}
