/**
 * Minimal vendor fakes for `bench:hot:independent`, written from the vendor wire formats
 * in the adapter READMEs and fixtures/ alone (no code of the sandbox simulators): each
 * serves one agent's conversations, newest first where the vendor orders them, paged as
 * the vendor pages, behind the vendor's own credential header.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const MINUTE = 60_000;

export interface FakeVendor {
  vendor: string;
  /** The connection's `baseUrl`. */
  baseUrl: string;
  credential: string;
  /** The source binding (without `connection`). */
  binding: Record<string, string>;
  /** Requests it answered so far. */
  requests(): number;
  close(): Promise<void>;
}

interface FakeDefinition {
  vendor: string;
  basePath: string;
  binding: Record<string, string>;
  /** Is the request's credential this one? (each vendor carries it its own way) */
  authorized(request: IncomingMessage, credential: string): boolean;
  answer(url: URL, body: Record<string, unknown>): unknown;
}

const bearer = (request: IncomingMessage, credential: string) => request.headers.authorization === `Bearer ${credential}`;
const iso = (ms: number) => new Date(ms).toISOString();
const encodeOffset = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');
const decodeOffset = (cursor: unknown) => (typeof cursor === 'string' && cursor !== '' ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { offset: number }).offset : 0);

/** The i-th newest conversation ends `i` minutes (and a few seconds) before `now`. */
function endOf(now: number, index: number): number {
  return now - (index + 1) * MINUTE - (index % 7) * 1000;
}

function definitions(now: number): FakeDefinition[] {
  return [
    {
      vendor: 'convocore',
      basePath: '/v3',
      binding: { agentId: 'cc-bench' },
      authorized: bearer,
      answer(url) {
        const all = Array.from({ length: 140 }, (_, index) => {
          const ts = Math.floor(endOf(now, index) / 1000);
          return { ID: `cc-bench_${index}`, userID: `+1415555${String(1000 + index)}`, userName: `Caller ${index}`, ts, lastMessageTS: ts, firstMessageTS: ts - 600, messagesNum: 4 + (index % 9), origin: 'web-chat', state: 'ended_chat', lastMessage: `Thanks, that answers my question about order ${index}.`, tags: ['billing'] };
        });
        const page = Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1)));
        const limit = Math.floor(Number(url.searchParams.get('limit') ?? 20));
        return { success: true, message: 'Conversations retrieved successfully', data: limit > 0 ? all.slice((page - 1) * limit, page * limit) : [] };
      },
    },
    {
      vendor: 'chatdash',
      basePath: '/v1/public',
      binding: { agentId: 'cd-bench' },
      authorized: (request, credential) => request.headers.authorization === credential,
      answer(url) {
        const endDate = url.searchParams.get('endDate');
        const all = Array.from({ length: 120 }, (_, index) => {
          const end = endOf(now, index * 2 + 1);
          return { _id: `cd${String(index).padStart(22, '0')}`, agentId: 'cd-bench', leadId: `lead${index}`, name: `Visitor ${index}`, record: true, interacted: true, channel: 'webchat', status: 'ai', createdAt: iso(end - 5 * MINUTE), updatedAt: iso(end), endedAt: iso(end), duration: 5 };
        });
        // No order on the wire: every other record swapped with its neighbour.
        for (let index = 0; index + 1 < all.length; index += 2) [all[index], all[index + 1]] = [all[index + 1]!, all[index]!];
        return endDate ? all.filter((record) => record.createdAt <= new Date(endDate).toISOString()) : all;
      },
    },
    {
      vendor: 'elevenlabs',
      basePath: '',
      binding: { agentId: 'el-bench' },
      authorized: (request, credential) => request.headers['xi-api-key'] === credential,
      answer(url) {
        const before = Number(url.searchParams.get('call_start_before_unix') ?? Number.POSITIVE_INFINITY);
        const after = Number(url.searchParams.get('call_start_after_unix') ?? Number.NEGATIVE_INFINITY);
        const all = Array.from({ length: 130 }, (_, index) => {
            // Newest first by start: the start steps back with the index, the length varies.
            const start = Math.floor(endOf(now, index * 3) / 1000) - 300;
            const duration = 30 + (index % 11) * 20;
            return { agent_id: 'el-bench', agent_name: 'Bench agent', conversation_id: `conv_${String(index).padStart(24, '0')}`, start_time_unix_secs: start, call_duration_secs: duration, message_count: 6, status: 'done', call_successful: 'success', call_summary_title: `Call ${index} about a delivery`, conversation_initiation_source: 'twilio', direction: 'inbound' };
          })
          .filter((call) => call.start_time_unix_secs < before && call.start_time_unix_secs > after);
        const offset = decodeOffset(url.searchParams.get('cursor'));
        const size = Number(url.searchParams.get('page_size') ?? 30);
        const hasMore = offset + size < all.length;
        return { conversations: all.slice(offset, offset + size), next_cursor: hasMore ? encodeOffset(offset + size) : null, has_more: hasMore };
      },
    },
    {
      vendor: 'retell',
      basePath: '',
      binding: { agentId: 'rt-bench' },
      authorized: bearer,
      answer(_url, body) {
        const all = Array.from({ length: 75 }, (_, index) => {
          const start = endOf(now, index * 2) - 200_000;
          const duration = 60_000 + (index % 5) * 30_000;
          return { call_id: `call_${String(index).padStart(24, '0')}`, agent_id: 'rt-bench', agent_version: 1, call_type: 'phone_call', call_status: 'ended', direction: 'inbound', from_number: `+1415555${String(2000 + index)}`, to_number: '+14155550000', start_timestamp: start, end_timestamp: start + duration, duration_ms: duration, disconnection_reason: 'user_hangup', call_cost: { combined_cost: 9 + index } };
        });
        const offset = decodeOffset(body.pagination_key);
        const limit = Number(body.limit ?? 50);
        const hasMore = offset + limit < all.length;
        return { items: all.slice(offset, offset + limit), has_more: hasMore, ...(hasMore ? { pagination_key: encodeOffset(offset + limit) } : {}) };
      },
    },
    {
      vendor: 'tether',
      basePath: '',
      binding: { userId: '65f0c0ffee0000000000beef', type: 'assignee' },
      authorized: bearer,
      answer(url) {
        const all = Array.from({ length: 110 }, (_, index) => ({ conversationId: `${String(index).padStart(24, 'a')}`, contactId: `contact${index}`, contactName: `Customer ${index}`, contactPhone: `+1416555${String(3000 + index)}`, channelType: 'sms', lastMessageTime: iso(endOf(now, index * 2 + 1) - 500), lastMessagePreview: `Is my parcel ${index} on its way?`, conversationState: 'human', hasAccess: true }));
        const page = Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1)) || 1);
        const limit = Math.min(100, Math.max(1, Math.floor(Number(url.searchParams.get('limit') ?? 20)) || 20));
        return { success: true, data: { rows: all.slice((page - 1) * limit, page * limit), pagination: { page, limit, total: all.length, totalPages: Math.ceil(all.length / limit) } } };
      },
    },
    {
      vendor: 'vapi',
      basePath: '',
      binding: { assistantId: 'asst_bench' },
      authorized: bearer,
      answer(url) {
        const bound = (name: string) => (url.searchParams.has(name) ? Date.parse(url.searchParams.get(name)!) : undefined);
        const [le, lt, ge, gt] = ['createdAtLe', 'createdAtLt', 'createdAtGe', 'createdAtGt'].map(bound);
        const all = Array.from({ length: 70 }, (_, index) => {
            const end = endOf(now, index * 3 + 2);
            const created = end - 4 * MINUTE;
            return { id: `vapi-call-${index}`, orgId: 'org-bench', assistantId: 'asst_bench', phoneNumberId: 'phone-bench', type: 'inboundPhoneCall', status: 'ended', createdAt: iso(created), updatedAt: iso(end), startedAt: iso(created + 10_000), endedAt: iso(end), endedReason: 'customer-ended-call', cost: 0.12, customer: { number: `+1415555${String(4000 + index)}`, name: `Caller ${index}` } };
          })
          .filter((call) => {
            const at = Date.parse(call.createdAt);
            return (le === undefined || at <= le) && (lt === undefined || at < lt) && (ge === undefined || at >= ge) && (gt === undefined || at > gt);
          });
        return all.slice(0, Number(url.searchParams.get('limit') ?? 100));
      },
    },
  ];
}

/** Starts one fake per vendor on loopback; `now` is the "now" of their data. */
export async function startFakeVendors(now: number): Promise<FakeVendor[]> {
  return Promise.all(definitions(now).map((definition) => startFake(definition)));
}

async function startFake(definition: FakeDefinition): Promise<FakeVendor> {
  const credential = `bench-${definition.vendor}-credential-0123456789`;
  let answered = 0;
  const server = createServer((request, response) => {
    answered += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (!definition.authorized(request, credential)) return send(response, 401, { message: 'Unauthorized' });
      const url = new URL(request.url ?? '/', 'http://fake');
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
      send(response, 200, definition.answer(url, body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    vendor: definition.vendor,
    baseUrl: `http://127.0.0.1:${port}${definition.basePath}`,
    credential,
    binding: definition.binding,
    requests: () => answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
