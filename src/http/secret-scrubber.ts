import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../config/gateway-config.js';

/** Every secret value the config holds: token secret, cursor secrets, vendor credentials. */
export function configuredSecrets(config: GatewayConfig): string[] {
  const values = [
    config.auth.secret,
    ...config.cursor.secrets,
    ...Object.values(config.connections).flatMap((connection) => [connection.apiKey, connection.token]),
    redisPassword(config.store?.redis.url),
  ];
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}

/** The password in `redis://user:password@host`, if the URL has one. */
function redisPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** In whole log lines and bodies, shorter values would blank out ordinary words; a real secret is longer. */
const MIN_LENGTH = 8;

/**
 * Replaces every occurrence of a secret, as written and as it appears inside a JSON
 * string, with `[redacted]`. The last line of defence for log lines and response bodies.
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))]
    .filter((form) => form.length >= MIN_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let scrubbed = text;
    for (const form of forms) if (scrubbed.includes(form)) scrubbed = scrubbed.split(form).join('[redacted]');
    return scrubbed;
  };
}

/** Response bodies pass the scrubber too, whatever route or error produced them. */
export function installResponseScrubbing(app: FastifyInstance, scrub: (text: string) => string): void {
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? scrub(payload) : payload));
}
