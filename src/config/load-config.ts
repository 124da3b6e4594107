import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { authProblems } from './auth-problems.js';
import { ConfigProblems } from './config-problems.js';
import { configSchema } from './config-schema.js';
import {
  DEFAULT_CONNECTION,
  DEFAULT_CURSOR_TTL_SECONDS,
  DEFAULT_HOST,
  DEFAULT_LIMITS,
  DEFAULT_MONITOR,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_WEBHOOK_MAX_VENDOR_CALLS_PER_POLL,
  DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS,
  WEBHOOK_EVENT_TYPES,
  type AuthConfig,
  type GatewayConfig,
} from './gateway-config.js';
import { describeSchemaErrors } from './schema-problems.js';
import { literalSecretProblems, readSecretFiles } from './secret-fields.js';
import { shortSecretProblems } from './secret-strength.js';
import { substituteEnvironment } from './substitute-environment.js';
import { subscriptionSecrets, webhookProblems, type RawSubscription } from './webhook-problems.js';

/** A configuration that cannot start the gateway; names the path of every bad field. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

// verbose: a problem needs the schema around the field (the known names, for "did you mean").
const validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(configSchema);

export async function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<GatewayConfig> {
  return configOf(path, await examineConfigFile(path, env));
}

/**
 * YAML or JSON (YAML is a superset), `${NAME}` from the environment, then the schema;
 * secrets only through `${NAME}` or `…File` fields (read relative to the file's folder).
 * Every problem is reported at once.
 */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv): GatewayConfig {
  return configOf(source, examineConfig(text, source, env));
}

/** The config with every default filled in, or a `ConfigError` with every problem found. */
export function configOf(source: string, { raw, problems }: ReturnType<typeof examineConfig>): GatewayConfig {
  if (problems.list.length > 0) throw new ConfigError(source, problems.list);
  return withDefaults(raw!);
}

/**
 * Only the `auth` section, checked as start-up checks it: what `token` needs. A problem
 * elsewhere (a vendor credential variable that is not set here) does not stop it.
 */
export async function loadAuthConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<AuthConfig> {
  const { raw, problems } = await examineConfigFile(path, env);
  if (raw === undefined) throw new ConfigError(path, problems.list);
  const authProblems = problems.list.filter((problem) => /^auth[.:]/.test(problem));
  if (authProblems.length > 0) throw new ConfigError(path, authProblems);
  return raw.auth!;
}

/**
 * Every check of the file itself, each one run even when an earlier one found problems.
 * `raw` is the document with its secret files read; undefined when the text is not YAML.
 */
export function examineConfig(text: string, source: string, env: NodeJS.ProcessEnv): { raw: RawConfig | undefined; problems: ConfigProblems } {
  const problems = new ConfigProblems();
  let unresolved: unknown;
  const substituted = substituteEnvironment(text, env, (protectedText) => (unresolved = parseYaml(protectedText)));
  problems.add(substituted.problems);
  const document = substituted.document;
  if (!isObject(document)) {
    if (document !== undefined) problems.add(['(root): must be a mapping of sections (server, auth, cursor, connections, agents, …)']);
    return { raw: undefined, problems };
  }
  problems.add(literalSecretProblems(unresolved));
  if (!validate(document)) problems.add(describeSchemaErrors(validate.errors ?? []));
  problems.add(readSecretFiles(document, dirname(source)));
  const raw = document as RawConfig;
  if (!raw.auth) problems.add(['auth: is required (mode: jwt with a secret, or mode: none for local use)']);
  const secrets = cursorSecretsOf(raw);
  if (secrets.length === 0 && !problems.touches('cursor')) problems.add(['cursor.secret: is required']);
  problems.add(shortSecretProblems(raw));
  problems.add(webhookProblems(raw));
  // Key and algorithm checks read a well-formed auth section only.
  if (!problems.touches('auth')) problems.add(authProblems(raw.auth));
  return { raw, problems };
}

/** `examineConfig` of a file; a file that cannot be read is a `ConfigError` at once. */
export async function examineConfigFile(path: string, env: NodeJS.ProcessEnv): Promise<ReturnType<typeof examineConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return examineConfig(text, path, env);
}

export type RawConfig = Omit<GatewayConfig, 'cursor' | 'limits' | 'server' | 'auth' | 'webhooks'> & {
  server?: Partial<GatewayConfig['server']>;
  auth?: GatewayConfig['auth'];
  cursor?: { secret?: string; secrets?: string[]; ttlSeconds?: number };
  limits?: Partial<GatewayConfig['limits']>;
  rateLimit?: Partial<NonNullable<GatewayConfig['rateLimit']>>;
  webhooks?: { pollIntervalSeconds?: number; maxVendorCallsPerPoll?: number; subscriptions: Record<string, RawSubscription> };
};

function cursorSecretsOf(raw: RawConfig): string[] {
  if (Array.isArray(raw.cursor?.secrets)) return raw.cursor.secrets;
  return raw.cursor?.secret ? [raw.cursor.secret] : [];
}

/** The config with every default filled in; `raw` has passed `examineConfig` without problems. */
function withDefaults(raw: RawConfig): GatewayConfig {
  return {
    server: { ...raw.server, host: raw.server?.host ?? DEFAULT_HOST, port: raw.server?.port ?? DEFAULT_PORT },
    auth: raw.auth!,
    cursor: { secrets: cursorSecretsOf(raw), ttlSeconds: raw.cursor?.ttlSeconds ?? DEFAULT_CURSOR_TTL_SECONDS },
    limits: { ...DEFAULT_LIMITS, ...raw.limits },
    monitor: { ...DEFAULT_MONITOR, ...raw.monitor },
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...raw.rateLimit },
    ...(raw.metrics ? { metrics: raw.metrics } : {}),
    connections: Object.fromEntries(
      Object.entries(raw.connections).map(([name, connection]) => [name, { ...DEFAULT_CONNECTION, ...connection }]),
    ),
    agents: raw.agents,
    ...(raw.store ? { store: raw.store } : {}),
    ...(raw.telemetry ? { telemetry: raw.telemetry } : {}),
    ...(raw.webhooks ? { webhooks: webhooksWithDefaults(raw.webhooks) } : {}),
  };
}

function webhooksWithDefaults(raw: NonNullable<RawConfig['webhooks']>): NonNullable<GatewayConfig['webhooks']> {
  return {
    pollIntervalSeconds: raw.pollIntervalSeconds ?? DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS,
    maxVendorCallsPerPoll: raw.maxVendorCallsPerPoll ?? DEFAULT_WEBHOOK_MAX_VENDOR_CALLS_PER_POLL,
    subscriptions: Object.fromEntries(
      Object.entries(raw.subscriptions).map(([id, subscription]) => [
        id,
        {
          url: subscription.url,
          secrets: subscriptionSecrets(subscription),
          org: subscription.org,
          agents: subscription.agents ?? 'all',
          events: (subscription.events ?? [...WEBHOOK_EVENT_TYPES]) as NonNullable<GatewayConfig['webhooks']>['subscriptions'][string]['events'],
        },
      ]),
    ),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
