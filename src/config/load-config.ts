import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { configSchema } from './config-schema.js';
import {
  DEFAULT_CONNECTION,
  DEFAULT_CURSOR_TTL_SECONDS,
  DEFAULT_LIMITS,
  type GatewayConfig,
} from './gateway-config.js';
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

/** YAML or JSON (YAML is a superset), `${NAME}` from the environment, then the schema. */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv): GatewayConfig {
  const { document, problems } = substituteEnvironment(text, env, (protectedText) => parseYaml(protectedText));
  if (problems.length > 0) throw new ConfigError(source, problems);
  if (!validate(document)) throw new ConfigError(source, (validate.errors ?? []).map(describeSchemaError));
  return withDefaults(document as RawConfig);
}

type RawConfig = Omit<GatewayConfig, 'cursor' | 'limits' | 'server' | 'auth'> & {
  server?: Partial<GatewayConfig['server']>;
  auth?: GatewayConfig['auth'];
  cursor?: { secret?: string; secrets?: string[]; ttlSeconds?: number };
  limits?: Partial<GatewayConfig['limits']>;
};

function withDefaults(raw: RawConfig): GatewayConfig {
  const problems: string[] = [];
  if (!raw.auth) problems.push('auth: is required (mode: jwt with a secret, or mode: none for local use)');
  const secrets = raw.cursor?.secrets ?? (raw.cursor?.secret ? [raw.cursor.secret] : []);
  if (secrets.length === 0) problems.push('cursor.secret: is required (at least 16 characters)');
  if (problems.length > 0) throw new ConfigError('configuration', problems);
  return {
    server: { host: raw.server?.host ?? '0.0.0.0', port: raw.server?.port ?? 8080 },
    auth: raw.auth!,
    cursor: { secrets, ttlSeconds: raw.cursor?.ttlSeconds ?? DEFAULT_CURSOR_TTL_SECONDS },
    limits: { ...DEFAULT_LIMITS, ...raw.limits },
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
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing}: is required`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${path ? `${path}.` : ''}${extra}: is not a known field`;
  }
  if (error.keyword === 'anyOf') return `${path}: needs apiKey or token`;
  return `${path || '(root)'}: ${error.message ?? 'is invalid'}`;
}
