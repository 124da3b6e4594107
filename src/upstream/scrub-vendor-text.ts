/**
 * Vendor error text goes into `sources[].error.message`: keep it short and strip anything
 * shaped like a credential (bearer tokens, API keys, JWTs, long hex or base64 runs).
 */
const SECRET_SHAPES = [
  /bearer\s+[\w\-.~+/=]+/gi,
  /\b(?:sk|pk|xi|key|api[_-]?key|token)[_\-:=\s]+[\w\-.]{8,}/gi,
  /eyJ[\w-]+\.[\w-]+\.[\w-]+/g,
  /\b[A-Za-z0-9+/_-]{32,}={0,2}/g,
];

const MAX_LENGTH = 200;

export function scrubVendorText(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) scrubbed = scrubbed.replace(shape, '[redacted]');
  scrubbed = scrubbed.replace(/\s+/g, ' ').trim();
  return scrubbed.length > MAX_LENGTH ? `${scrubbed.slice(0, MAX_LENGTH)}…` : scrubbed;
}
