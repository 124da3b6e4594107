import { secretScrubber } from '../http/secret-scrubber.js';

/**
 * Vendor error text goes into `sources[].error.message`: keep it short and strip anything
 * shaped like a credential (bearer tokens, API keys, JWTs, long hex or base64 runs) and
 * every configured secret in any form the secret scrubber knows (encoded, reversed, split).
 */
const SECRET_SHAPES = [
  /bearer\s+[\w\-.~+/=]+/gi,
  /\b(?:sk|pk|xi|key|api[_-]?key|token)[_\-:=\s]+[\w\-.]{8,}/gi,
  /eyJ[\w-]+\.[\w-]+\.[\w-]+/g,
  /\b[A-Za-z0-9+/_-]{32,}={0,2}/g,
];

const MAX_LENGTH = 200;

export function scrubVendorText(text: string, secrets: readonly string[] = []): string {
  let scrubbed = scrubberFor(secrets)(text);
  // The scrubber leaves values under 8 characters alone in logs; here even those go.
  for (const secret of secrets) if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) scrubbed = scrubbed.replace(shape, '[redacted]');
  scrubbed = scrubbed.replace(/\s+/g, ' ').trim();
  return scrubbed.length > MAX_LENGTH ? `${scrubbed.slice(0, MAX_LENGTH)}…` : scrubbed;
}

/** The same few secret lists come back on every failure: build each one's scrubber once. */
const scrubbers = new Map<string, (text: string) => string>();
const MAX_SCRUBBERS = 64;

function scrubberFor(secrets: readonly string[]): (text: string) => string {
  const key = secrets.join('\u0000');
  let scrubber = scrubbers.get(key);
  if (!scrubber) {
    scrubber = secretScrubber(secrets);
    if (scrubbers.size >= MAX_SCRUBBERS) scrubbers.delete(scrubbers.keys().next().value!);
    scrubbers.set(key, scrubber);
  }
  return scrubber;
}
