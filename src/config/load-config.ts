import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { authProblems } from './auth-problems.js';
import { ConfigProblems } from './config-problems.js';
import { configSchema } from './config-schema.js';
import type { AuthConfig, GatewayConfig } from './gateway-config.js';
import { describeSchemaErrors } from './schema-problems.js';
import { literalSecretProblems, readSecretFiles } from './secret-fields.js';
import { shortSecretProblems } from './secret-strength.js';
import { substituteEnvironment } from './substitute-environment.js';
import { subscriptionSecrets, webhookProblems } from './webhook-problems.js';
import type { RawSubscription, WebhookSubscriptionConfig } from './webhooks-schema.js';

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
// useDefaults: every default the schema declares is filled in here, where the file enters.
const validate = new Ajv({ allErrors: true, strict: false, verbose: true, useDefaults: true }).compile(configSchema);

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
  return loaded(raw!);
}

/**
 * A configuration built in code (the sandbox) as if it were a file: the same schema checks
 * it and fills in the same defaults.
 */
export function configFromDocument(document: Record<string, unknown>, source: string): GatewayConfig {
  if (!validate(document)) throw new ConfigError(source, describeSchemaErrors(validate.errors ?? []));
  return loaded(document as RawConfig);
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

/** The file as written, once the schema has filled in its defaults and `…File` fields were read. */
export type RawConfig = Static<typeof configSchema>;

function cursorSecretsOf(raw: RawConfig): string[] {
  if (Array.isArray(raw.cursor?.secrets)) return raw.cursor.secrets;
  return raw.cursor?.secret ? [raw.cursor.secret] : [];
}

/** `raw` has passed `examineConfig` without problems; only the secrets change shape, to lists. */
function loaded(raw: RawConfig): GatewayConfig {
  const { cursor, webhooks, auth, ...rest } = raw;
  return {
    ...rest,
    auth: auth!,
    cursor: { secrets: cursorSecretsOf(raw), ttlSeconds: cursor.ttlSeconds },
    ...(webhooks ? { webhooks: { ...webhooks, subscriptions: mapValues(webhooks.subscriptions, withSecretList) } } : {}),
  };
}

function withSecretList({ secret, secrets, ...subscription }: RawSubscription): WebhookSubscriptionConfig {
  return { ...subscription, secrets: subscriptionSecrets({ secret, secrets }) };
}

function mapValues<In, Out>(record: Record<string, In>, map: (value: In) => Out): Record<string, Out> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
