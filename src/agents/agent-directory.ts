import type { Connection } from '../upstream/vendor-client.js';
import type { SourceRuntime } from '../merge/source-runtime.js';

/** One source of a logical agent: what to read and through which connection. */
export interface AgentSource {
  runtime: SourceRuntime;
  connection: Connection;
  vendorAgentId: string;
  /** User ids the binding ties to (for the AGENT role). */
  boundUserIds: string[];
  /**
   * Where a cursor keeps this source's resume point: the connection name, unless a walk
   * holds two bindings of one connection (a contact search across agents), which need two.
   */
  walkKey?: string;
}

/** A logical agent from the config. */
export interface LogicalAgent {
  id: string;
  name: string;
  org: string;
  department: string | null;
  sources: AgentSource[];
}

/** The agents and connections the gateway serves, resolved from the config. */
export interface AgentDirectory {
  agents: Map<string, LogicalAgent>;
  connections: Map<string, Connection>;
}
