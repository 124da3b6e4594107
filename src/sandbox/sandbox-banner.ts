import type { SandboxWorld } from './sandbox-world.js';

/** Reads `data.pagination.nextCursor` from a page on stdin with node, which every user of the sandbox has. */
const READ_NEXT_CURSOR = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).data.pagination.nextCursor'`;

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
    # the next page: the cursor of this one, sent back with the same filters (or: | jq -r .data.pagination.nextCursor)
    CURSOR=$(curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=5" | ${READ_NEXT_CURSOR})
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=5&cursor=$CURSOR"
    curl -s ${auth} ${url}/v1/connections
    curl -s ${auth} "${url}/v1/monitor/stalled?limit=5"      # stalled conversations, docs/monitor.md
    curl -s ${auth} "${url}/v1/conversations?phone=%2B14165550100&limit=5"      # one person across agents, docs/contacts.md
    # a partial page: chatdash answers 503 for a minute (fault: fail, hang, rate-limit or lie; or the explorer's switch)
    curl -s -X POST ${auth} -H 'content-type: application/json' -d '{"connection":"chatdash","fault":"fail","seconds":60}' ${url}/sandbox/faults

  Ctrl-C stops the gateway and the simulators.
`;
}
