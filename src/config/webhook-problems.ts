import type { RawConfig } from './load-config.js';
import type { RawSubscription } from './webhooks-schema.js';

/** Standard Webhooks secrets: `whsec_` and the base64 of 24 to 64 random bytes. */
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

/** The secrets a subscription signs with, first the one that signs alone once rotation is over. */
export function subscriptionSecrets(subscription: Pick<RawSubscription, 'secret' | 'secrets'>): string[] {
  if (Array.isArray(subscription.secrets)) return subscription.secrets;
  return typeof subscription.secret === 'string' ? [subscription.secret] : [];
}

/**
 * What the schema cannot say about `webhooks` (after `…File` fields were read): each
 * subscription has a secret, of the Standard Webhooks form, and names agents of its own org.
 * Never quotes a secret.
 */
export function webhookProblems(raw: RawConfig): string[] {
  const subscriptions = raw.webhooks?.subscriptions;
  if (!isObject(subscriptions)) return [];
  const problems: string[] = [];
  for (const [id, subscription] of Object.entries(subscriptions as Record<string, RawSubscription>)) {
    if (!isObject(subscription)) continue;
    const path = `webhooks.subscriptions.${id}`;
    const secrets = subscriptionSecrets(subscription);
    if (secrets.length === 0) problems.push(`${path}.secret: is required (secret, secrets, secretFile or secretFiles)`);
    if (subscription.secret !== undefined && subscription.secrets !== undefined) problems.push(`${path}.secrets: give secret or secrets, not both`);
    secrets.forEach((secret, index) => {
      const where = Array.isArray(subscription.secrets) ? `${path}.secrets[${index}]` : `${path}.secret`;
      const problem = typeof secret === 'string' ? secretFormProblem(secret) : undefined;
      if (problem) problems.push(`${where}: ${problem}`);
    });
    if (Array.isArray(subscription.agents)) {
      subscription.agents.forEach((agentId, index) => {
        const agent = raw.agents?.[agentId];
        if (!isObject(agent)) problems.push(`${path}.agents[${index}]: no agent named "${agentId}"`);
        else if (agent.org !== subscription.org) problems.push(`${path}.agents[${index}]: agent "${agentId}" is not of org "${subscription.org}"`);
      });
    }
  }
  return problems;
}

function secretFormProblem(secret: string): string | undefined {
  if (!WEBHOOK_SECRET.test(secret)) return 'must be whsec_ followed by base64 (for example whsec_$(openssl rand -base64 32))';
  const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) return `holds ${bytes} bytes; use ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
