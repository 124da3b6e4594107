/** The sandbox's logical agents: which simulated vendor agents each one binds. */
export interface SandboxAgentPlan {
  id: string;
  name: string;
  org: string;
  department: string;
  sources: { vendor: string; agentKey: string; count: number }[];
}

export const SANDBOX_AGENTS: readonly SandboxAgentPlan[] = [
  {
    id: 'support-bot',
    name: 'Support bot',
    org: 'acme',
    department: 'support',
    sources: [
      { vendor: 'convocore', agentKey: 'cc-support', count: 140 },
      { vendor: 'chatdash', agentKey: 'cd-support', count: 120 },
      { vendor: 'elevenlabs', agentKey: 'agent_support', count: 130 },
      { vendor: 'tether', agentKey: 'support-desk', count: 110 },
      { vendor: 'vapi', agentKey: 'asst_support', count: 70 },
      { vendor: 'retell', agentKey: 'agent_retell_support', count: 75 },
    ],
  },
  {
    id: 'sales-bot',
    name: 'Sales bot',
    org: 'acme',
    department: 'sales',
    sources: [
      { vendor: 'convocore', agentKey: 'cc-sales', count: 60 },
      { vendor: 'elevenlabs', agentKey: 'agent_sales', count: 45 },
    ],
  },
  {
    id: 'globex-helpdesk',
    name: 'Globex helpdesk',
    org: 'globex',
    department: 'helpdesk',
    sources: [
      { vendor: 'chatdash', agentKey: 'cd-globex', count: 40 },
      { vendor: 'tether', agentKey: 'globex-desk', count: 35 },
    ],
  },
];
