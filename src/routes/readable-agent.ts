import type { LogicalAgent } from '../agents/agent-directory.js';
import { accessTo, type Caller } from '../auth/caller.js';
import { GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';

/** The agent, if the caller may read it: another org's agent is a 404 (its existence does not leak), a role that may not read it a 403. */
export function readableAgent(context: GatewayContext, caller: Caller, agentId: string): LogicalAgent {
  const agent = context.directory.agents.get(agentId);
  const access = agent ? accessTo(caller, agent) : 'not-found';
  if (!agent || access === 'not-found') throw new GatewayError('AGENT_NOT_FOUND');
  if (access === 'forbidden') throw new GatewayError('FORBIDDEN');
  return agent;
}
