import { Vapi, VapiClient, VapiError } from '@vapi-ai/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vapiAdapter } from '../../../adapters/vapi/vapi-adapter.js';
import { createVapiSimulator, phoneNumberIdOf } from '../../../adapters/vapi/vapi-simulator.js';
import type { VapiCall } from '../../../adapters/vapi/vapi-types.js';
import { detailBelongsToBinding, type DetailRead, type VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';

/**
 * Vapi's own client (`@vapi-ai/server-sdk`) is the judge. It does not validate responses at
 * run time, so the required fields of its `Call` model are checked here on what it returns.
 */

const KEY = 'vapi-private-key';
const assistantA = { connection: 'vapi', assistantId: 'asst_a' };
const assistantB = { connection: 'vapi', assistantId: 'asst_b' };
let simulator: VendorSimulator;
let client: VapiClient;

beforeAll(async () => {
  simulator = createVapiSimulator({ seed: 8, credential: KEY, now: Date.UTC(2026, 3, 1, 12), agents: [{ binding: assistantA, count: 50 }, { binding: assistantB, count: 20 }] });
  await simulator.start();
  client = new VapiClient({ token: KEY, environment: simulator.baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  await simulator.close();
});

const raw = (): VapiCall[] => [...simulator.visibleRecords(assistantA), ...simulator.visibleRecords(assistantB)] as VapiCall[];
const ids = (calls: { id?: string | null }[]) => calls.map((call) => call.id).sort();

/** Vapi pages by time window: `createdAtLe` of the oldest call seen, dropping the ids already read. */
async function listAll(request: Vapi.ListCallsRequest, limit = 8): Promise<Vapi.Call[]> {
  const seen = new Map<string, Vapi.Call>();
  let upper: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const calls = await client.calls.list({ ...request, limit, ...(upper ? { createdAtLe: upper } : {}) });
    const fresh = calls.filter((call) => !seen.has(call.id));
    for (const call of fresh) seen.set(call.id, call);
    if (calls.length < limit) return [...seen.values()];
    if (fresh.length === 0) throw new Error(`more than ${limit} calls share one createdAt`);
    upper = calls[calls.length - 1]!.createdAt;
  }
  throw new Error('did not reach the end');
}

describe('vapi simulator judged by @vapi-ai/server-sdk', () => {
  it('pages to the end by createdAtLe with the SDK parameters, newest first', async () => {
    const calls = await listAll({ assistantId: 'asst_a' });
    expect(calls.map((call) => call.id)).toEqual((simulator.visibleRecords(assistantA) as VapiCall[]).map((call) => call.id));
  });

  it('every call carries the fields the SDK Call model requires, with its enums', async () => {
    const types: string[] = ['inboundPhoneCall', 'outboundPhoneCall', 'webCall', 'vapi.websocketCall'];
    const statuses: string[] = ['scheduled', 'queued', 'ringing', 'in-progress', 'forwarding', 'ended', 'not-found', 'deletion-failed'];
    for (const call of await listAll({}, 100)) {
      expect(typeof call.id).toBe('string');
      expect(typeof call.orgId).toBe('string');
      expect(Number.isFinite(Date.parse(call.createdAt))).toBe(true);
      expect(Number.isFinite(Date.parse(call.updatedAt))).toBe(true);
      expect(types).toContain(call.type);
      expect(statuses).toContain(call.status);
    }
  });

  it('honours every filter the SDK offers exactly', async () => {
    const sample = raw()[7]!;
    const at = raw()[20]!.createdAt!;
    const updated = raw()[15]!.updatedAt!;
    const cases: [Vapi.ListCallsRequest, (call: VapiCall) => boolean][] = [
      [{ id: sample.id! }, (call) => call.id === sample.id],
      [{ assistantId: 'asst_b' }, (call) => call.assistantId === 'asst_b'],
      [{ phoneNumberId: phoneNumberIdOf('asst_a') }, (call) => call.assistantId === 'asst_a' && call.type!.endsWith('PhoneCall')],
      [{ createdAtGt: at }, (call) => Date.parse(call.createdAt!) > Date.parse(at)],
      [{ createdAtGe: at }, (call) => Date.parse(call.createdAt!) >= Date.parse(at)],
      [{ createdAtLt: at }, (call) => Date.parse(call.createdAt!) < Date.parse(at)],
      [{ updatedAtLe: updated }, (call) => Date.parse(call.updatedAt!) <= Date.parse(updated)],
      [{ updatedAtGt: updated }, (call) => Date.parse(call.updatedAt!) > Date.parse(updated)],
    ];
    for (const [request, keep] of cases) {
      const expected = ids(raw().filter(keep));
      expect(expected.length, JSON.stringify(request)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(request)).toBeLessThan(raw().length);
      expect(ids(await client.calls.list({ ...request, limit: 1000 })), JSON.stringify(request)).toEqual(expected);
    }
  });

  it('rejects a parameter the SDK does not send, and a bad limit, with a 400 VapiError', async () => {
    for (const queryParams of [{ colour: 'blue' }, { limit: '1001' }]) {
      const failure = await client.calls.list({}, { queryParams }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(VapiError);
      expect((failure as VapiError).statusCode).toBe(400);
    }
  });

  it('a bad key surfaces as a VapiError with status 401', async () => {
    const stranger = new VapiClient({ token: 'wrong', environment: simulator.baseUrl, maxRetries: 0 });
    const failure = await stranger.calls.list({}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VapiError);
    expect((failure as VapiError).statusCode).toBe(401);
  });

  it("the adapter's query is one the SDK sends", async () => {
    const query = vapiAdapter.buildRequest(requestContext(vapiAdapter, assistantA, KEY, 10, { cursor: null })).query!;
    const calls = await client.calls.list(query as Vapi.ListCallsRequest);
    expect(calls.map((call) => call.id)).toEqual((simulator.visibleRecords(assistantA) as VapiCall[]).slice(0, 10).map((call) => call.id));
  });
});

/** The fields the SDK's message models (`UserMessage`, `BotMessage`, `SystemMessage`, `ToolCallMessage`, `ToolCallResultMessage`) require. */
const REQUIRED_BY_ROLE: Record<string, string[]> = {
  user: ['message', 'time', 'endTime', 'secondsFromStart'],
  bot: ['message', 'time', 'endTime', 'secondsFromStart'],
  system: ['message', 'time', 'secondsFromStart'],
  tool_calls: ['toolCalls', 'message', 'time', 'secondsFromStart'],
  tool_call_result: ['toolCallId', 'name', 'result', 'time', 'secondsFromStart'],
};

describe('vapi call detail judged by @vapi-ai/server-sdk', () => {
  const listed = () => simulator.visibleRecords(assistantA) as VapiCall[];

  it('calls.get answers every listed call as the list has it, messages and artifact included', async () => {
    for (const call of listed()) {
      const detail = await client.calls.get({ id: call.id! });
      expect(detail).toEqual(call);
    }
  });

  it('every message carries the fields its SDK model requires, inside the call, and tool calls are answered', async () => {
    const messages: Vapi.CallMessagesItem[] = [];
    for (const call of listed().filter((candidate) => candidate.startedAt)) {
      const detail = await client.calls.get({ id: call.id! });
      expect(detail.artifact?.messages).toEqual(detail.messages);
      const until = Date.parse(detail.endedAt ?? detail.updatedAt);
      for (const message of detail.messages ?? []) {
        expect(Object.keys(REQUIRED_BY_ROLE)).toContain(message.role);
        for (const field of REQUIRED_BY_ROLE[message.role]!) expect(message, `${message.role} ${field}`).toHaveProperty(field);
        expect(message.time).toBeGreaterThanOrEqual(Date.parse(detail.startedAt!));
        expect(message.time).toBeLessThanOrEqual(until);
        messages.push(message);
      }
      if (detail.endedAt) expect(detail.artifact?.recordingUrl).toMatch(/^https:\/\//);
    }
    const calls = messages.flatMap((message) => ('toolCalls' in message ? (message.toolCalls as { id: string }[]) : []));
    expect(calls.length).toBeGreaterThan(0);
    for (const { id } of calls) expect(messages.some((message) => 'toolCallId' in message && message.toolCallId === id)).toBe(true);
  });

  it('the adapter asks the path the SDK asks and maps the call; a call of another assistant is answered, and refused by its assistantId', async () => {
    const read = vapiAdapter.detail as DetailRead<{ call: unknown }>;
    const mine = listed().find((call) => call.endedAt && (call.messages?.length ?? 0) > 4)!;
    const theirs = (simulator.visibleRecords(assistantB) as VapiCall[])[0]!;
    for (const [call, belongs] of [[mine, true], [theirs, false]] as const) {
      const answered = await client.calls.get({ id: call.id! });
      const request = read.reads.call.buildRequest({ binding: assistantA, credential: KEY, conversationId: call.id! });
      expect(simulator.requests.at(-1)!.path).toBe(request.path);
      const detail = read.map({ call: read.reads.call.parse(answered) }, { binding: assistantA });
      expect(detail.row.conversationId).toBe(call.id);
      expect(detailBelongsToBinding(read, detail, 'asst_a')).toBe(belongs);
    }
  });

  it('an unknown call is a VapiError 404', async () => {
    const failure = await client.calls.get({ id: '00000000-0000-4000-8000-000000000000' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VapiError);
    expect((failure as VapiError).statusCode).toBe(404);
  });
});
