import type { ConnectionConfig } from '../config/connection-schema.js';
import type { AdapterDefinition } from '../contract/index.js';

/** The fields of a connection setting that the run-time connection holds in another form. */
type Replaced = 'adapter' | 'apiKey' | 'apiKeyFile' | 'token' | 'tokenFile' | 'defaultRegion';

/**
 * A configured vendor account at run time: its settings as loaded (every default filled in
 * where the file entered), its adapter, and the one credential it sends in place of
 * `apiKey` or `token`. The directory checks `defaultRegion` and gives each source its own.
 */
export type Connection = Omit<ConnectionConfig, Replaced> & {
  name: string;
  adapter: AdapterDefinition;
  credential: string;
};

/** The run-time connection of a loaded connection setting. */
export function connectionOf(name: string, adapter: AdapterDefinition, settings: ConnectionConfig): Connection {
  const { adapter: _adapterName, apiKey, apiKeyFile: _apiKeyFile, token, tokenFile: _tokenFile, defaultRegion: _region, ...rest } = settings;
  return { ...rest, name, adapter, credential: (apiKey ?? token)! };
}
