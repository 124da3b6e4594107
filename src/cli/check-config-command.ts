import { allowedAlgorithms } from '../auth/jwt-algorithms.js';
import { loadConfigFile } from '../config/load-config.js';
import { resolveDirectory } from '../config/resolve-directory.js';
import type { AdapterModule } from '../contract/index.js';

/**
 * Everything start-up checks before it listens: the file, its schema and secrets, the
 * adapters and each agent's bindings. Throws `ConfigError` with every problem found.
 */
export async function checkConfig(file: string, adapters: readonly AdapterModule[]): Promise<string> {
  const config = await loadConfigFile(file);
  const directory = resolveDirectory(config, adapters);
  const connections = [...directory.connections.values()].map((connection) => `${connection.name} (${connection.adapter.vendor})`);
  const auth = config.auth.mode === 'jwt' ? `jwt, ${allowedAlgorithms(config.auth).join('/')}` : 'none (local use only)';
  return (
    `${file}: valid\n` +
    `  connections: ${connections.join(', ')}\n` +
    `  agents: ${[...directory.agents.keys()].join(', ')}\n` +
    `  auth: ${auth}\n` +
    `  listens on: ${config.server.host}:${config.server.port}\n`
  );
}
