import { liveSource } from './live-source.js';
import type { SandboxWorld } from './sandbox-world.js';

/** Reads `data.pagination.nextCursor` from a page on stdin with node, which every user of the sandbox has. */
const READ_NEXT_CURSOR = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).data.pagination.nextCursor'`;
/** Reads the first row's `id` from a page on stdin, the same way. */
const READ_FIRST_ROW_ID = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).data.rows[0].id'`;

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
    # what was said in a conversation: the id of a row of the list (a finished Retell call), then the conversation
    ROW=$(curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=1&sources=retell&state=resolved" | ${READ_FIRST_ROW_ID})
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations/$ROW"      # messages, summary, recording, analysis
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations/export?sources=retell&include=transcript"      # every row with its messages
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations/counts?channel=voice,sms"      # how many rows a filter gives, by source, state and channel
    curl -s ${auth} ${url}/v1/connections
    curl -s ${auth} "${url}/v1/monitor/stalled?limit=5"      # stalled conversations, docs/monitor.md
    curl -s ${auth} "${url}/v1/conversations?phone=%2B14165550100&limit=5"      # one person across agents, docs/contacts.md
    curl -s ${auth} "${url}/v1/agents/support-bot/conversations?limit=20&channel=voice&duplicates=hide"      # a call ChatDash imported shows once, linkedIds naming the copy
    # a partial page: chatdash answers 503 for a minute (fault: fail, hang, rate-limit or lie; or the explorer's switch)
    curl -s -X POST ${auth} -H 'content-type: application/json' -d '{"connection":"chatdash","fault":"fail","seconds":60}' ${url}/sandbox/faults

${world.config.webhooks ? webhooksParagraph(url, auth, liveSource(world)?.binding.connection) : ''}  Ctrl-C stops the gateway and the simulators.
`;
}

function webhooksParagraph(url: string, auth: string, live: string | undefined): string {
  const changes = live ? `a new ${live} conversation every 5 s, one going on every 10 s; ` : '';
  return `  Webhooks: subscription "sandbox" sends the support bot's changes to a receiver on loopback
  (${changes}polls every 5 s). Each delivery it verifies
  prints a line below. Its deliveries:
    curl -s ${auth} "${url}/v1/webhooks/sandbox/deliveries?status=delivered&limit=5"

`;
}
