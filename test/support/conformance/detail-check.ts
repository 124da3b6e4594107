import { join } from 'node:path';
import { request as undiciRequest } from 'undici';
import {
  MESSAGE_ROLES,
  detailBelongsToBinding,
  type AdapterModule,
  type DetailRead,
  type MappedDetail,
  type SourceBinding,
  type VendorRequest,
} from '../../../src/contract/index.js';
import { VendorSpec } from '../../../src/specs/vendor-spec.js';
import { urlOf } from '../../../src/upstream/vendor-call-pipeline.js';
import { mappedAsSent } from '../mapped-as-sent.js';
import { readDetail } from '../read-detail.js';
import { bareClient, bareConnection, failureOf } from '../vendor-harness.js';
import { CONFORMANCE_NOW } from './simulated-vendor.js';

const CREDENTIAL = 'conformance-credential';
const SAMPLE = 16;

/**
 * The detail read against the adapter's simulator, with a second agent beside the binding's:
 * every sampled conversation the list shows reads back through the adapter, never
 * contradicting its list row (the detail may only add); its messages are well formed and
 * inside the conversation's time; requests and answers match the vendor spec; an unknown
 * id is the vendor's 404, and another agent's conversation is refused.
 */
export async function checkDetailOnSimulator(module: AdapterModule, read: DetailRead, root: string): Promise<string[]> {
  const { adapter } = module;
  const binding: SourceBinding = { connection: 'conformance', ...module.sandboxBinding('conformance-agent') };
  const other: SourceBinding = { connection: 'conformance', ...module.sandboxBinding('conformance-other-agent') };
  const simulator = module.createSimulator({ seed: 11, credential: CREDENTIAL, now: CONFORMANCE_NOW, agents: [{ binding, count: 24 }, { binding: other, count: 4 }] });
  const client = bareClient();
  const connection = bareConnection(adapter, await simulator.start(), CREDENTIAL);
  const spec = VendorSpec.load(join(root, 'specs'), adapter.vendor);
  const problems: string[] = [];
  const idOf = (record: unknown, owner = binding) => mappedAsSent(adapter, record, owner).conversationId;
  const context = (conversationId: string) => ({ binding, credential: CREDENTIAL, conversationId });
  try {
    const details: MappedDetail[] = [];
    for (const record of simulator.visibleRecords(binding).slice(0, SAMPLE)) {
      const listed = mappedAsSent(adapter, record, binding);
      const where = `conversation ${listed.conversationId}`;
      try {
        const { requests, bodies, detail } = await readDetail(read, client, connection, context(listed.conversationId));
        details.push(detail);
        requests.forEach((request, index) => problems.push(...specProblems(spec, request, 200, bodies[index]).map((text) => `${where}: ${text}`)));
        problems.push(...rowProblems(listed, { ...detail.row, vendorAgentId: listed.vendorAgentId }).map((text) => `${where}: ${text}`));
        problems.push(...messageProblems(detail).map((text) => `${where}: ${text}`));
        if (!detailBelongsToBinding(read, detail, adapter.vendorAgentId(binding))) problems.push(`${where}: refused for its own binding (record agent ${detail.recordAgentId})`);
      } catch (error) {
        problems.push(`${where}: the detail read failed: ${(error as Error).message}`);
      }
    }
    const messages = details.flatMap((detail) => detail.messages);
    if (read.transcriptUnsupported !== undefined && messages.length > 0) problems.push('the transcript is declared unsupported, yet messages were mapped');
    for (const role of read.transcriptUnsupported === undefined ? (['agent', 'user'] as const) : []) {
      if (!messages.some((message) => message.role === role)) problems.push(`no ${role} message in ${details.length} transcripts`);
    }

    const unknown = await failureOf(() => readDetail(read, client, connection, context('conformance-unknown-conversation')));
    if (unknown?.code !== 'VENDOR_NOT_FOUND') problems.push(`an unknown conversation gave ${unknown?.code ?? 'a detail'}, expected VENDOR_NOT_FOUND`);
    for (const request of Object.values(read.reads).map((step) => step.buildRequest(context('conformance-unknown-conversation')))) {
      const answer = await undiciRequest(urlOf(connection.baseUrl, request), { method: request.method, headers: request.headers });
      problems.push(...specProblems(spec, request, answer.statusCode, await answer.body.json().catch(() => undefined)).map((text) => `unknown conversation: ${text}`));
    }

    const stranger = idOf(simulator.visibleRecords(other)[0], other);
    try {
      const { detail } = await readDetail(read, client, connection, context(stranger));
      if (detailBelongsToBinding(read, detail, adapter.vendorAgentId(binding))) problems.push(`another agent's conversation ${stranger} would be answered for the binding`);
    } catch (error) {
      const failure = await failureOf(() => Promise.reject(error));
      if (failure?.code !== 'VENDOR_NOT_FOUND') problems.push(`another agent's conversation gave ${failure?.code}, expected VENDOR_NOT_FOUND or a refused record`);
    }
  } finally {
    await client.close();
    await simulator.close();
  }
  return problems;
}

function specProblems(spec: VendorSpec, request: VendorRequest, status: number, body: unknown): string[] {
  const query = Object.fromEntries(Object.entries(request.query ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
  return [
    ...spec.checkRequest(request.method, request.path, query, request.body).map((deviation) => `request ${deviation.field}: ${deviation.message}`),
    ...spec.checkResponse(request.method, request.path, status, body).map((deviation) => `${status} response ${deviation.field || '(body)'}: ${deviation.message}`),
  ];
}

/** The detail's row may add to the list row, never contradict it. */
function rowProblems(listed: Record<string, unknown>, detailed: Record<string, unknown>): string[] {
  return Object.entries(listed)
    .filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0))
    .filter(([field, value]) => JSON.stringify(detailed[field]) !== JSON.stringify(value))
    .map(([field, value]) => `row field ${field}: the list says ${JSON.stringify(value)}, the detail ${JSON.stringify(detailed[field])}`);
}

/** Known roles, tool calls only on tool messages, times in order and inside the conversation. */
function messageProblems({ row, messages }: MappedDetail): string[] {
  const problems: string[] = [];
  const first = row.startedAt === null ? null : Date.parse(row.startedAt);
  const last = row.lastActivityAt === null ? null : Date.parse(row.lastActivityAt);
  let previousOffset = -Infinity;
  for (const [index, message] of messages.entries()) {
    const where = `message ${index}`;
    if (!MESSAGE_ROLES.includes(message.role)) problems.push(`${where}: unknown role ${message.role}`);
    if (typeof message.text !== 'string') problems.push(`${where}: text is not a string`);
    if ((message.role === 'tool') !== (message.toolCall !== undefined)) problems.push(`${where}: a toolCall belongs on a tool message, and only there`);
    const at = message.at === null ? null : Date.parse(message.at);
    if (message.at !== null && (at === null || !Number.isFinite(at) || !message.at.endsWith('Z'))) problems.push(`${where}: at ${message.at} is not ISO 8601 UTC`);
    if (at !== null && first !== null && at < first - 1000) problems.push(`${where}: at ${message.at} is before the conversation started (${row.startedAt})`);
    if (at !== null && last !== null && at > last + 1000) problems.push(`${where}: at ${message.at} is after its last activity (${row.lastActivityAt})`);
    if (message.offsetSec !== null) {
      if (message.offsetSec < previousOffset) problems.push(`${where}: offset ${message.offsetSec} s comes before the previous message's`);
      if (row.durationSec !== null && message.offsetSec > row.durationSec + 1) problems.push(`${where}: offset ${message.offsetSec} s is past the duration ${row.durationSec} s`);
      previousOffset = message.offsetSec;
    }
    if (message.endOffsetSec !== null && message.offsetSec !== null && message.endOffsetSec < message.offsetSec) problems.push(`${where}: ends before it starts`);
  }
  return problems;
}
