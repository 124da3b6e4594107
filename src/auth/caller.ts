import type { LogicalAgent } from '../agents/agent-directory.js';

export const ROLES = ['SUPERADMIN', 'ADMIN', 'DEPARTMENT_HEAD', 'AGENT'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, from the bearer token's claims. */
export interface Caller {
  sub: string;
  org: string;
  role: Role;
  department: string | null;
}

export type AgentAccess = 'read' | 'forbidden' | 'not-found';

/**
 * SUPERADMIN reads every org; ADMIN its own org; DEPARTMENT_HEAD its own org's agents of
 * its own department; AGENT the agents whose sources bind its own user id. Another
 * org's agent is not found rather than forbidden, so its existence does not leak.
 */
export function accessTo(caller: Caller, agent: LogicalAgent): AgentAccess {
  if (caller.role === 'SUPERADMIN') return 'read';
  if (caller.org !== agent.org) return 'not-found';
  switch (caller.role) {
    case 'ADMIN':
      return 'read';
    case 'DEPARTMENT_HEAD':
      return caller.department !== null && caller.department === agent.department ? 'read' : 'forbidden';
    case 'AGENT':
      return agent.sources.some((source) => source.boundUserIds.includes(caller.sub)) ? 'read' : 'forbidden';
  }
}
