import type { SandboxWorld } from './sandbox-world.js';

/** What the sandbox prints once it listens: where, a token and requests that work. */
export function sandboxBanner(url: string, world: SandboxWorld, tokens: { admin: string; superadmin: string }): string {
  const agents = Object.entries(world.config.agents)
    .map(([id, agent]) => `    ${id.padEnd(18)} org ${agent.org.padEnd(7)} ${agent.sources.map((source) => source.connection).join(', ')}`)
    .join('\n');
  const simulators = [...world.simulators.entries()]
    .map(([connection, simulator]) => `    ${connection.padEnd(14)} ${simulator.baseUrl}`)
    .join('\n');
  const auth = `-H "Authorization: Bearer $TOKEN"`;
  return `
Conversation gateway sandbox — simulated vendors on loopback, nothing leaves this machine.

  Gateway   ${url}
  Explorer  ${url}/explorer   (open it in a browser; one click signs in with the ADMIN token)
  Docs      ${url}/docs   (OpenAPI: ${url}/openapi.json)

  Simulated vendors:
${simulators}

  Agents:
${agents}

  ADMIN token for org acme (valid 24 h):
    export TOKEN=${tokens.admin}
  SUPERADMIN token (every org):
    export SUPERADMIN_TOKEN=${tokens.superadmin}

  Try:
    curl -s ${auth} ${url}/v1/agents
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=50"      # merged rows from every vendor
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=5&channel=voice,sms&include=summary"
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=5&cursor=<nextCursor from the previous page>"
    curl -s ${auth} ${url}/v1/connections
    curl -s ${auth} "${url}/v1/monitor/stalled?limit=5"      # stalled conversations, docs/monitor.md

  Ctrl-C stops the gateway and the simulators.
`;
}
