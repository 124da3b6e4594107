import type { AgentDirectory } from '../agents/agent-directory.js';
import type { AdapterModule } from '../contract/index.js';
import { DEFAULT_HOST, DEFAULT_PORT, type GatewayConfig } from './gateway-config.js';
import { ConfigError, configOf, examineConfigFile } from './load-config.js';
import { openAuthProblems } from './loopback-only.js';
import { resolveDirectory } from './resolve-directory.js';

/** `--host` / `--port` of the command line; HOST and PORT come next, then the file. */
export interface ListenOverrides {
  host?: string;
  port?: string;
}

export interface StartupConfig {
  config: GatewayConfig;
  directory: AgentDirectory;
  host: string;
  port: number;
}

/**
 * What start-up checks before it listens, and what `check-config` reports, so the two
 * always agree: the file, every source binding against its adapter, and `auth.mode: none`
 * against the address the gateway would really listen on. Every problem at once.
 */
export async function loadStartupConfig(
  path: string,
  adapters: readonly AdapterModule[],
  overrides: ListenOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartupConfig> {
  const examined = await examineConfigFile(path, env);
  const { raw, problems } = examined;
  const { host, port } = listenAddress(raw?.server ?? {}, overrides, env);
  if (raw !== undefined) {
    problems.add(bindingProblems(raw as GatewayConfig, adapters));
    problems.add(openAuthProblems(raw.auth, host));
    if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.add(['server.port: --port or PORT must be a whole number from 0 to 65535']);
  }
  const config = configOf(path, examined);
  return { config, directory: resolveDirectory(config, adapters), host, port };
}

/** Where the gateway listens: `--host` / `--port`, then HOST / PORT, then the file's server block. */
export function listenAddress(
  server: { host?: string; port?: number },
  overrides: ListenOverrides,
  env: NodeJS.ProcessEnv,
): { host: string; port: number } {
  const portText = overrides.port ?? env.PORT;
  return {
    host: overrides.host ?? env.HOST ?? server.host ?? DEFAULT_HOST,
    port: portText === undefined ? (server.port ?? DEFAULT_PORT) : Number(portText),
  };
}

/** The bindings are checked on the file as written, even when it has other problems. */
function bindingProblems(raw: GatewayConfig, adapters: readonly AdapterModule[]): string[] {
  try {
    resolveDirectory(raw, adapters);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
