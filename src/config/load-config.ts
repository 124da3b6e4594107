import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
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
import { literalSecretProblems, readSecretFiles } from './secret-fields.js';
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

const validate = new Ajv({ allErrors: true, strict: false }).compile(configSchema);

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
  };
}

/** `connections.chatdash.baseUrl: must match pattern ...` — never the value itself. */
function describeSchemaError(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((joined, part) => (/^\d+$/.test(part) ? `${joined}[${part}]` : joined ? `${joined}.${part}` : part), '');
  // One line for a failed either-or, not one per alternative.
  if (error.schemaPath.startsWith('#/properties/auth/') && (error.keyword === 'if' || error.schemaPath.includes('/then/'))) {
    return 'auth.secret: is required with mode jwt (or secretFile, publicKey, publicKeyFile or jwksUrl)';
  }
  if (error.keyword === 'anyOf' || (error.keyword === 'required' && error.schemaPath.includes('/anyOf/'))) {
    return `${path}: needs apiKey or token (or apiKeyFile or tokenFile)`;
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing}: is required`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${path ? `${path}.` : ''}${extra}: is not a known field`;
  }
  return `${path || '(root)'}: ${error.message ?? 'is invalid'}`;
}
