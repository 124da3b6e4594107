import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { authProblems } from './auth-problems.js';
import { configSchema } from './config-schema.js';
import {
  DEFAULT_CONNECTION,
  DEFAULT_CURSOR_TTL_SECONDS,
  DEFAULT_LIMITS,
  DEFAULT_MONITOR,
  DEFAULT_RATE_LIMIT,
  type GatewayConfig,
} from './gateway-config.js';
import { describeSchemaError } from './schema-problems.js';
import { literalSecretProblems, readSecretFiles } from './secret-fields.js';
import { shortSecretProblems } from './secret-strength.js';
import { substituteEnvironment } from './substitute-environment.js';

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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseConfig(text, path, env);
}

/**
 * YAML or JSON (YAML is a superset), `${NAME}` from the environment, then the schema;
 * secrets only through `${NAME}` or `…File` fields (read relative to the file's folder).
 */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv): GatewayConfig {
  let unresolved: unknown;
  const { document, problems } = substituteEnvironment(text, env, (protectedText) => (unresolved = parseYaml(protectedText)));
  const literals = literalSecretProblems(unresolved);
  // Report every problem at once; a field whose variable is missing gets only that problem.
  const unset = problems.map((problem) => problem.slice(0, problem.indexOf(':')));
  const schemaProblems = document === undefined || validate(document)
    ? []
    : [...new Set((validate.errors ?? []).map(describeSchemaError))].filter(
        (problem) => !unset.some((path) => problem.startsWith(`${path}:`)),
      );
  if (problems.length + literals.length + schemaProblems.length > 0) {
    throw new ConfigError(source, [...problems, ...literals, ...schemaProblems]);
  }
  const fileProblems = readSecretFiles(document, dirname(source));
  if (fileProblems.length > 0) throw new ConfigError(source, fileProblems);
  return withDefaults(document as RawConfig, source);
}

type RawConfig = Omit<GatewayConfig, 'cursor' | 'limits' | 'server' | 'auth'> & {
  server?: Partial<GatewayConfig['server']>;
  auth?: GatewayConfig['auth'];
  cursor?: { secret?: string; secrets?: string[]; ttlSeconds?: number };
  limits?: Partial<GatewayConfig['limits']>;
  rateLimit?: Partial<NonNullable<GatewayConfig['rateLimit']>>;
};

function withDefaults(raw: RawConfig, source: string): GatewayConfig {
  const problems: string[] = [];
  if (!raw.auth) problems.push('auth: is required (mode: jwt with a secret, or mode: none for local use)');
  const secrets = raw.cursor?.secrets ?? (raw.cursor?.secret ? [raw.cursor.secret] : []);
  if (secrets.length === 0) problems.push('cursor.secret: is required');
  problems.push(...shortSecretProblems(raw));
  problems.push(...authProblems(raw.auth));
  if (problems.length > 0) throw new ConfigError(source, problems);
  return {
    server: { ...raw.server, host: raw.server?.host ?? '0.0.0.0', port: raw.server?.port ?? 8080 },
    auth: raw.auth!,
    cursor: { secrets, ttlSeconds: raw.cursor?.ttlSeconds ?? DEFAULT_CURSOR_TTL_SECONDS },
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
  };
}
