import { allowedAlgorithms } from '../auth/jwt-algorithms.js';
import { loadStartupConfig } from '../config/startup-config.js';
import type { AdapterModule } from '../contract/index.js';

/**
 * Everything start-up checks before it listens (the same function: the file, its schema
 * and secrets, each agent's bindings, and open auth against HOST or the file's host).
 * Throws `ConfigError` with every problem found.
 */
export async function checkConfig(file: string, adapters: readonly AdapterModule[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { config, directory, host, port } = await loadStartupConfig(file, adapters, {}, env);
  const connections = [...directory.connections.values()].map((connection) => `${connection.name} (${connection.adapter.vendor})`);
  const auth = config.auth.mode === 'jwt' ? `jwt, ${allowedAlgorithms(config.auth).join('/')}` : 'none (local use only)';
  return (
    `${file}: valid\n` +
    `  connections: ${connections.join(', ')}\n` +
    `  agents: ${[...directory.agents.keys()].join(', ')}\n` +
    `  auth: ${auth}\n` +
    `  listens on: ${host}:${port}\n`
  );
}
