import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { transcriptSupport, type Message, type Row } from '../../src/contract/index.js';
import { sandboxAgents } from '../../src/sandbox/sandbox-agents.js';
import { sandboxConnectionName } from '../../src/sandbox/sandbox-world.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

interface Detail {
  row: Row;
  messages: Message[];
  recordingUrl: string | null;
  summary: string | null;
  analysis: { evaluation: unknown; collected: Record<string, unknown> | null } | null;
  transcript: { status: string; reason?: string; error?: { code: string } };
  source: { source: string; status: string; requests: number; cached: boolean; error?: { code: string } };
  partial: boolean;
  raw?: Record<string, unknown>;
}

const logLines: string[] = [];
const logger = {
  level: 'info',
  stream: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
};

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp({ logger });
});
afterAll(async () => {
  await sandbox?.close();
});

async function get<T>(url: string, claims: Record<string, unknown> = {}) {
  const response = await sandbox.app.inject({ url, headers: { authorization: `Bearer ${sandbox.token(claims)}` } });
  return { status: response.statusCode, body: response.json() as { data: T; error?: string; message?: string }, text: response.body };
}

async function firstRows(agentId: string, vendor: string, limit = 10): Promise<Row[]> {
  const page = await get<{ rows: Row[] }>(`/v1/agents/${agentId}/conversations?sources=${sandboxConnectionName(vendor)}&limit=${limit}`);
  expect(page.status).toBe(200);
  return page.body.data.rows;
}

const detailUrl = (agentId: string, rowId: string, query = '') => `/v1/agents/${agentId}/conversations/${encodeURIComponent(rowId)}${query}`;

const vendorOf = (source: string) => adapterModules.find((module) => module.adapter.vendor === source)!.adapter;

describe('GET /v1/agents/{agentId}/conversations/{rowId}', () => {
  const support = sandboxAgents(adapterModules).find((agent) => agent.id === 'support-bot')!;

  it.each(support.sources.map((source) => source.vendor))('answers a %s conversation: the list row, and its transcript or why there is none', async (vendor) => {
    const rows = await firstRows('support-bot', vendor);
    expect(rows.length).toBeGreaterThan(0);
    const supported = transcriptSupport(vendorOf(vendor).detail).supported;
    let transcripts = 0;
    for (const listRow of rows) {
      const { raw: _raw, ...row } = listRow;
      const detail = await get<Detail>(detailUrl('support-bot', row.id));
      expect(detail.status, row.id).toBe(200);
      const data = detail.body.data;
      // The detail record may know more than the list's (ElevenLabs' has the phone number): the list's values hold.
      for (const [field, value] of Object.entries(row)) if (value !== null) expect(data.row[field as keyof Row], `${row.id} ${field}`).toEqual(value);
      expect(Object.keys(data.row).sort()).toEqual(Object.keys(row).sort());
      expect(data.partial).toBe(false);
      expect(data.source).toMatchObject({ source: sandboxConnectionName(vendor), vendor, status: 'ok' });
      expect(data.raw).toBeUndefined();
      if (!supported) {
        expect(data.transcript.status).toBe('unsupported');
        expect(data.transcript.reason).toMatch(/\w{10,}/);
        expect(data.messages).toEqual([]);
        continue;
      }
      expect(['ok', 'unavailable']).toContain(data.transcript.status);
      if (data.transcript.status !== 'ok') continue;
      expect(data.messages.length).toBeGreaterThan(0);
      const roles = new Set(data.messages.map((message) => message.role));
      if ((roles.has('agent') || roles.has('human')) && roles.has('user')) transcripts += 1;
      const offsets = data.messages.map((message) => message.offsetSec).filter((offset): offset is number => offset !== null);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    if (supported) expect(transcripts, `${vendor}: no conversation of the first ${rows.length} had a transcript with both sides`).toBeGreaterThan(0);
  });

  it('folds tool calls into one message with their result, and marks interruptions, where the vendor has them', async () => {
    const seen = { toolCall: new Set<string>(), interrupted: new Set<string>() };
    for (const vendor of ['elevenlabs', 'vapi', 'retell']) {
      for (const row of await firstRows('support-bot', vendor, 20)) {
        const { data } = (await get<Detail>(detailUrl('support-bot', row.id))).body;
        for (const message of data.messages) {
          if (message.toolCall) {
            expect(message.role).toBe('tool');
            expect(message.toolCall.name).toBe(message.text);
            seen.toolCall.add(vendor);
          }
          if (message.interrupted) seen.interrupted.add(vendor);
        }
      }
    }
    expect([...seen.toolCall].sort()).toEqual(['elevenlabs', 'retell', 'vapi']);
    expect(seen.interrupted.size).toBeGreaterThan(0);
  });

  it("include=raw puts the vendor's detail record(s) beside the answer, never in the row", async () => {
    const [row] = await firstRows('support-bot', 'convocore', 1);
    const { data } = (await get<Detail>(detailUrl('support-bot', row!.id, '?include=raw'))).body;
    expect(Object.keys(data.raw!).sort()).toEqual(['conversation', 'export']);
    expect(data.row.raw).toBeUndefined();
    const chatdash = (await firstRows('support-bot', 'tether', 1))[0]!;
    const listed = (await get<Detail>(detailUrl('support-bot', chatdash.id, '?include=raw'))).body.data;
    expect(listed.raw).toHaveProperty('record');
  });

  it('serves a finished conversation again from what it kept: no vendor call', async () => {
    const rows = await firstRows('support-bot', 'retell', 20);
    const finished = rows.find((row) => row.endedAt !== null)!;
    await get<Detail>(detailUrl('support-bot', finished.id));
    const again = (await get<Detail>(detailUrl('support-bot', finished.id))).body.data;
    expect(again.source).toMatchObject({ requests: 0, cached: true });
    // From then on the answer itself is kept: the same body, its tag, and a 304 for that tag.
    const headers = { authorization: `Bearer ${sandbox.token()}` };
    const third = await sandbox.app.inject({ url: detailUrl('support-bot', finished.id), headers });
    expect(third.json().data).toEqual(again);
    const etag = third.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const unchanged = await sandbox.app.inject({ url: detailUrl('support-bot', finished.id), headers: { ...headers, 'if-none-match': etag } });
    expect(unchanged.statusCode).toBe(304);
    // Another organization's caller gets no kept answer: the agent is not found for it.
    expect((await get(detailUrl('support-bot', finished.id), { org: 'globex' })).status).toBe(404);
  });

  it("is a 404 for a conversation of another agent, even on a connection both agents use, with nothing of the vendor's answer", async () => {
    const sales = await firstRows('sales-bot', 'elevenlabs', 3);
    for (const row of sales) {
      const answer = await get<Detail>(detailUrl('support-bot', row.id));
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ success: false, error: 'CONVERSATION_NOT_FOUND', message: 'No such conversation of this agent' });
    }
    const salesConvocore = (await firstRows('sales-bot', 'convocore', 1))[0]!;
    expect((await get<Detail>(detailUrl('support-bot', salesConvocore.id))).status).toBe(404);
  });

  it('is a 404 for a row id of a source the agent does not read, an unknown conversation, or another org', async () => {
    const [tetherRow] = await firstRows('support-bot', 'tether', 1);
    expect((await get(detailUrl('sales-bot', tetherRow!.id))).body.error).toBe('CONVERSATION_NOT_FOUND');
    expect((await get(detailUrl('support-bot', 'elevenlabs:conv_does_not_exist'))).body.error).toBe('CONVERSATION_NOT_FOUND');
    expect((await get(detailUrl('support-bot', 'nosuchsource:abc'))).body.error).toBe('CONVERSATION_NOT_FOUND');
    const globex = await get(detailUrl('globex-helpdesk', `chatdash:${tetherRow!.conversationId}`));
    expect(globex.status).toBe(404);
    expect(globex.body.error).toBe('AGENT_NOT_FOUND');
    const forbidden = await get(detailUrl('sales-bot', 'convocore:x'), { role: 'DEPARTMENT_HEAD', department: 'support' });
    expect(forbidden.status).toBe(403);
  });

  it('is a 400 in the error envelope for a malformed row id or an unknown include', async () => {
    for (const url of [detailUrl('support-bot', 'no-colon'), detailUrl('support-bot', 'vapi:x', '?include=transcript'), detailUrl('support-bot', 'vapi:x', '?limit=2')]) {
      const answer = await get(url);
      expect(answer.status, url).toBe(400);
      expect(answer.body.error).toBe('BAD_REQUEST');
    }
  });

  it('never writes what was said into the logs', async () => {
    const texts = new Set<string>();
    for (const vendor of ['elevenlabs', 'vapi', 'retell', 'convocore']) {
      for (const row of await firstRows('support-bot', vendor, 3)) {
        const { data } = (await get<Detail>(detailUrl('support-bot', row.id))).body;
        for (const message of data.messages) if (message.text.length >= 12) texts.add(message.text);
      }
    }
    expect(texts.size).toBeGreaterThan(0);
    const logs = logLines.join('');
    expect(logs).toContain('/conversations/');
    for (const text of texts) expect(logs).not.toContain(text);
  });
});

describe('a Vapi call of another assistant', () => {
  let two: SandboxApp;
  beforeAll(async () => {
    two = await startSandboxApp({
      agents: [
        { id: 'vapi-a', name: 'A', org: 'acme', department: 'support', sources: [{ vendor: 'vapi', agentKey: 'asst_a', count: 8 }] },
        { id: 'vapi-b', name: 'B', org: 'acme', department: 'support', sources: [{ vendor: 'vapi', agentKey: 'asst_b', count: 8 }] },
      ],
    });
  });
  afterAll(async () => {
    await two?.close();
  });

  it('is a 404 with nothing of the call in it, although the vendor answers any call id', async () => {
    const headers = { authorization: `Bearer ${two.token()}` };
    const list = (await two.app.inject({ url: '/v1/agents/vapi-b/conversations?limit=3', headers })).json() as { data: { rows: Row[] } };
    expect(list.data.rows.length).toBe(3);
    for (const row of list.data.rows) {
      const own = await two.app.inject({ url: detailUrl('vapi-b', row.id), headers });
      expect(own.statusCode).toBe(200);
      const other = await two.app.inject({ url: detailUrl('vapi-a', row.id), headers });
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual({ success: false, error: 'CONVERSATION_NOT_FOUND', message: 'No such conversation of this agent' });
    }
  });
});

describe('a detail read that fails', () => {
  let faulty: SandboxApp;
  beforeAll(async () => {
    faulty = await startSandboxApp({
      faultSwitch: true,
      connections: { retries: 0, breakerThreshold: 100, detailCacheTtlMs: 0 },
      // Vapi keeps no list page: its failing detail read has no list to fall back on.
      adjust: (config) => {
        config.connections['vapi']!.cacheTtlMs = 0;
      },
    });
  });
  afterAll(async () => {
    await faulty?.close();
  });

  async function faultyGet(url: string) {
    const response = await faulty.app.inject({ url, headers: { authorization: `Bearer ${faulty.token()}` } });
    return { status: response.statusCode, body: response.json() as { data: Detail; error?: string; message?: string } };
  }

  it('answers the row from the list with the transcript and the source in error, partial; a 502 when the list fails too', async () => {
    const rows = (await faultyGet('/v1/agents/support-bot/conversations?sources=retell&limit=5')).body.data as unknown as { rows: Row[] };
    const row = rows.rows[0]!;
    const switched = await faulty.app.inject({
      method: 'POST',
      url: '/sandbox/faults',
      headers: { authorization: `Bearer ${faulty.token()}` },
      payload: { connection: 'retell', fault: 'fail', seconds: 60 },
    });
    expect(switched.statusCode).toBe(200);
    // The list page read before the fault is still in the page cache: the row comes from there.
    const partial = await faultyGet(detailUrl('support-bot', row.id));
    expect(partial.status).toBe(200);
    const { raw: _raw, ...listRow } = row;
    expect(partial.body.data).toMatchObject({ row: listRow, partial: true, messages: [], transcript: { status: 'error', error: { code: 'VENDOR_HTTP_ERROR' } } });
    expect(partial.body.data.source).toMatchObject({ source: 'retell', status: 'error', error: { code: 'VENDOR_HTTP_ERROR' } });

    const uncached = (await faultyGet('/v1/agents/support-bot/conversations?sources=vapi&limit=2')).body.data as unknown as { rows: Row[] };
    await faulty.app.inject({
      method: 'POST',
      url: '/sandbox/faults',
      headers: { authorization: `Bearer ${faulty.token()}` },
      payload: { connection: 'vapi', fault: 'fail', seconds: 60 },
    });
    const failed = await faultyGet(detailUrl('support-bot', uncached.rows[0]!.id));
    expect(failed.status).toBe(502);
    expect(failed.body.error).toBe('ALL_SOURCES_FAILED');
    expect(failed.body.message).toMatch(/vapi VENDOR_HTTP_ERROR/);
  });
});

describe('a vendor with no read by id', () => {
  let tight: SandboxApp;
  beforeAll(async () => {
    tight = await startSandboxApp({
      connections: { cacheTtlMs: 0 },
      adjust: (config) => {
        config.limits.maxVendorCallsPerRequest = 1;
      },
    });
  });
  afterAll(async () => {
    await tight?.close();
  });

  it("finds the row in its list within the request's vendor calls, and says so when they run out", async () => {
    const headers = { authorization: `Bearer ${tight.token()}` };
    const exported = await tight.app.inject({ url: '/v1/agents/support-bot/conversations/export?sources=tether', headers });
    const rows = exported.body.trim().split('\n').slice(0, -1).map((line) => JSON.parse(line) as Row);
    expect(rows.length).toBe(110);
    const calls = () => tight.world.simulators.get('tether')!.requests.length;
    const before = calls();
    const first = await tight.app.inject({ url: detailUrl('support-bot', rows[0]!.id), headers });
    expect(first.statusCode).toBe(200);
    expect(first.json().data.transcript.status).toBe('unsupported');
    const last = await tight.app.inject({ url: detailUrl('support-bot', rows[rows.length - 1]!.id), headers });
    expect(last.statusCode).toBe(502);
    expect(last.json()).toMatchObject({ error: 'ALL_SOURCES_FAILED', message: expect.stringMatching(/within this request's vendor calls/) });
    expect(calls() - before).toBe(2);
  });
});
