import type { AgentDirectory, LogicalAgent } from '../agents/agent-directory.js';
import { accessTo, type Caller } from '../auth/caller.js';
import { GatewayError } from '../errors.js';

/**
 * The logical agents a monitor request covers, by id: the one asked for (another org's
 * is not found, one the caller may not read is forbidden), else every agent the caller
 * may read. `departmentId` keeps the agents of that department; a DEPARTMENT_HEAD may
 * only name its own.
 */
export function agentsInScope(directory: AgentDirectory, caller: Caller, agentId?: string, departmentId?: string): LogicalAgent[] {
  if (departmentId !== undefined && caller.role === 'DEPARTMENT_HEAD' && departmentId !== caller.department) {
    throw new GatewayError('FORBIDDEN', 'A department head may only monitor its own department');
  }
  const inDepartment = (agent: LogicalAgent) => departmentId === undefined || agent.department === departmentId;
  if (agentId !== undefined) {
    const agent = directory.agents.get(agentId);
    const access = agent ? accessTo(caller, agent) : 'not-found';
    if (!agent || access === 'not-found') throw new GatewayError('AGENT_NOT_FOUND');
    if (access === 'forbidden') throw new GatewayError('FORBIDDEN');
    return inDepartment(agent) ? [agent] : [];
  }
  return [...directory.agents.values()]
    .filter((agent) => accessTo(caller, agent) === 'read' && inDepartment(agent))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
