import type { GatewayConfig } from './gateway-config.js';

export interface SharedConnection {
  connection: string;
  orgs: string[];
}

/**
 * Connections bound to agents of more than one org, unless the connection says
 * `sharedAcrossOrgs: true`. Allowed, since one vendor account
 * may well serve several teams, but worth a warning at start-up: the orgs share its
 * breaker, concurrency cap and rate limits at the vendor, and a vendor credential that
 * can read one org's agents can read the others'. `GET /v1/connections` still shows each
 * org only what its own requests saw.
 */
export function connectionsSharedByOrgs(config: GatewayConfig): SharedConnection[] {
  const orgsByConnection = new Map<string, Set<string>>();
  for (const agent of Object.values(config.agents)) {
    for (const source of agent.sources) {
      const orgs = orgsByConnection.get(source.connection) ?? new Set<string>();
      orgs.add(agent.org);
      orgsByConnection.set(source.connection, orgs);
    }
  }
  return [...orgsByConnection]
    .filter(([connection, orgs]) => orgs.size > 1 && config.connections[connection]?.sharedAcrossOrgs !== true)
    .map(([connection, orgs]) => ({ connection, orgs: [...orgs].sort() }));
}
