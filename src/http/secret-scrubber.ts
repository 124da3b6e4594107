import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../config/gateway-config.js';
import { FragmentIndex } from './fragment-index.js';
import { secretForms } from './secret-forms.js';

/** Every secret value the config holds: token secret, cursor secrets, vendor credentials, the metrics token. */
export function configuredSecrets(config: GatewayConfig): string[] {
  const values = [
    config.auth.secret,
    ...config.cursor.secrets,
    ...Object.values(config.connections).flatMap((connection) => [connection.apiKey, connection.token, connection.webhookSecret]),
    config.metrics?.token,
    ...Object.values(config.webhooks?.subscriptions ?? {}).flatMap((subscription) => subscription.secrets),
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
 * A piece this long of any form of a secret is redacted too: a vendor that splits or
 * truncates a key it echoes still cannot pass on a usable part of it.
 */
export const SECRET_FRAGMENT_LENGTH = 12;

/**
 * Replaces every occurrence of a secret with `[redacted]`: as written, escaped inside
 * JSON, URL-encoded, reversed, hex, base64 and base64url (see `secretForms`), and any
 * run of `SECRET_FRAGMENT_LENGTH` characters of one of those. The last line of defence
 * for log lines and response bodies.
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.filter((secret) => secret.length >= MIN_LENGTH).flatMap(secretForms))].filter((form) => form.length >= MIN_LENGTH);
  if (forms.length === 0) return (text) => text;
  const whole = forms.filter((form) => form.length < SECRET_FRAGMENT_LENGTH);
  const fragments = new FragmentIndex(forms, SECRET_FRAGMENT_LENGTH);
  return (text) => {
    const spans = fragments.matches(text);
    for (const form of whole) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) spans.push([at, at + form.length]);
    }
    return spans.length === 0 ? text : redactSpans(text, spans);
  };
}

/** Each stretch covered by overlapping or touching spans becomes one `[redacted]`. */
function redactSpans(text: string, spans: [number, number][]): string {
  spans.sort((a, b) => a[0] - b[0]);
  let result = '';
  let copiedUpTo = 0;
  let current: [number, number] | undefined;
  for (const span of spans) {
    if (current && span[0] <= current[1]) {
      current[1] = Math.max(current[1], span[1]);
      continue;
    }
    if (current) {
      result += `${text.slice(copiedUpTo, current[0])}[redacted]`;
      copiedUpTo = current[1];
    }
    current = [span[0], span[1]];
  }
  if (current) result += `${text.slice(copiedUpTo, current[0])}[redacted]`;
  return result + text.slice(current ? current[1] : copiedUpTo);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The answer is made of text the scrubber already found clean (a kept page): no second pass. */
    answerScrubbed: boolean;
  }
}

/** Response bodies pass the scrubber too, whatever route or error produced them. */
export function installResponseScrubbing(app: FastifyInstance, scrub: (text: string) => string): void {
  app.decorateRequest('answerScrubbed', false);
  app.addHook('onSend', (request, _reply, payload, done) => done(null, typeof payload === 'string' && !request.answerScrubbed ? scrub(payload) : payload));
}
