import Retell, { AuthenticationError, BadRequestError, NotFoundError } from 'retell-sdk';
import type { CallListParams, CallListResponse, CallResponse } from 'retell-sdk/resources/call';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retellAdapter } from '../../../adapters/retell/retell-adapter.js';
import { createRetellSimulator } from '../../../adapters/retell/retell-simulator.js';
import type { RetellCall } from '../../../adapters/retell/retell-types.js';
import { detailBelongsToBinding, type DetailRead, type VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';

/**
 * Retell's own client (`retell-sdk`) is the judge: the simulator is driven only through it,
 * pointed at the loopback base URL, with the SDK's own parameter shapes.
 */

const KEY = 'key_retell_sdk';
const agentA = { connection: 'retell', agentId: 'agent_a' };
const agentB = { connection: 'retell', agentId: 'agent_b' };
let simulator: VendorSimulator;
let client: Retell;

beforeAll(async () => {
  simulator = createRetellSimulator({ seed: 5, credential: KEY, now: Date.UTC(2026, 2, 1, 12), agents: [{ binding: agentA, count: 60 }, { binding: agentB, count: 25 }] });
  await simulator.start();
  client = new Retell({ apiKey: KEY, baseURL: simulator.baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  await simulator.close();
});

type Item = CallListResponse['items'][number];

/** Every call for the filter, paging with `pagination_key` until `has_more` is false. */
async function listAll(params: CallListParams, limit = 7): Promise<Item[]> {
  const items: Item[] = [];
  let key: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const response = await client.call.list({ ...params, limit, ...(key ? { pagination_key: key } : {}) });
    items.push(...response.items);
    if (!response.has_more) return items;
    key = response.pagination_key;
  }
  throw new Error('did not reach the end');
}

const every = (): RetellCall[] => [...simulator.visibleRecords(agentA), ...simulator.visibleRecords(agentB)] as RetellCall[];
const ids = (calls: { call_id?: string | null }[]) => calls.map((call) => call.call_id).sort();

describe('retell simulator judged by retell-sdk', () => {
  it('pages to the end with the SDK parameters, newest first, one agent only', async () => {
    const calls = await listAll({ filter_criteria: { agent: [{ agent_id: 'agent_a' }] }, sort_order: 'descending' });
    expect(calls.map((call) => call.call_id)).toEqual((simulator.visibleRecords(agentA) as RetellCall[]).map((call) => call.call_id));
  });

  it('an agent filter for A never returns B; agents are ORed; versions narrow', async () => {
    expect(new Set((await listAll({ filter_criteria: { agent: [{ agent_id: 'agent_a' }] } })).map((call) => call.agent_id))).toEqual(new Set(['agent_a']));
    expect(ids(await listAll({ filter_criteria: { agent: [{ agent_id: 'agent_a' }, { agent_id: 'agent_b' }] } }))).toEqual(ids(every()));
    const v2 = await listAll({ filter_criteria: { agent: [{ agent_id: 'agent_a', version: [2] }] } });
    expect(ids(v2)).toEqual(ids(every().filter((call) => call.agent_id === 'agent_a' && call.agent_version === 2)));
    expect(v2.length).toBeGreaterThan(0);
  });

  it('honours every typed filter it accepts exactly', async () => {
    const starts = every().map((call) => call.start_timestamp).filter((at): at is number => typeof at === 'number').sort((a, b) => a - b);
    const middle = starts[Math.floor(starts.length / 2)]!;
    const cases: [CallListParams.FilterCriteria, (call: RetellCall) => boolean][] = [
      [{ call_status: { op: 'in', type: 'enum', value: ['ended', 'error'] } }, (call) => ['ended', 'error'].includes(call.call_status!)],
      [{ call_type: { op: 'in', type: 'enum', value: ['web_call'] } }, (call) => call.call_type === 'web_call'],
      [{ direction: { op: 'in', type: 'enum', value: ['inbound'] } }, (call) => call.direction === 'inbound'],
      [{ start_timestamp: { op: 'ge', type: 'number', value: middle } }, (call) => (call.start_timestamp ?? -1) >= middle],
      [{ start_timestamp: { op: 'lt', type: 'number', value: middle } }, (call) => call.start_timestamp != null && call.start_timestamp < middle],
      [{ start_timestamp: { op: 'bt', type: 'range', value: [starts[3]!, middle] } }, (call) => call.start_timestamp != null && call.start_timestamp >= starts[3]! && call.start_timestamp <= middle],
      [{ duration_ms: { op: 'gt', type: 'number', value: 600_000 } }, (call) => (call.duration_ms ?? 0) > 600_000],
      [{ call_successful: { op: 'eq', type: 'boolean', value: true } }, (call) => call.call_analysis?.call_successful === true],
      [{ user_sentiment: { op: 'in', type: 'enum', value: ['Negative'] } }, (call) => call.call_analysis?.user_sentiment === 'Negative'],
      [{ disconnection_reason: { op: 'in', type: 'enum', value: ['user_hangup'] } }, (call) => call.disconnection_reason === 'user_hangup'],
      [{ from_number: { op: 'sw', type: 'string', value: '+1416' } }, (call) => (call.from_number ?? '').startsWith('+1416')],
      [{ combined_cost: { op: 'le', type: 'number', value: 50 } }, (call) => (call.call_cost?.combined_cost ?? Infinity) <= 50],
    ];
    for (const [filter, keep] of cases) {
      const expected = ids(every().filter(keep));
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(ids(await listAll({ filter_criteria: filter }, 50)), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('skip and include_total do what the SDK documents', async () => {
    const all = await listAll({ filter_criteria: { agent: [{ agent_id: 'agent_a' }] } }, 100);
    const skipped = await client.call.list({ filter_criteria: { agent: [{ agent_id: 'agent_a' }] }, skip: 5, limit: 3, include_total: true });
    expect(skipped.items.map((call) => call.call_id)).toEqual(all.slice(5, 8).map((call) => call.call_id));
    expect(skipped.total).toBe(all.length);
  });

  it('rejects the v2 filter shape and filters it cannot honour with a BadRequestError', async () => {
    const v2 = { agent_id: ['agent_a'], start_timestamp: { lower_threshold: 0 } } as unknown as CallListParams.FilterCriteria;
    await expect(client.call.list({ filter_criteria: v2 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.call.list({ filter_criteria: { metadata: [{ key: 'x', op: 'eq', type: 'string', value: 'y' }] } })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.call.list({ filter_criteria: { start_timestamp: { op: 'bt', type: 'range', value: [1] } } })).rejects.toBeInstanceOf(BadRequestError);
    // v3's status filter has no `registered`; nor does any enum filter take values outside its enum.
    const registered = { call_status: { op: 'in', type: 'enum', value: ['registered'] } } as unknown as CallListParams.FilterCriteria;
    await expect(client.call.list({ filter_criteria: registered })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('a bad key surfaces as the SDK AuthenticationError', async () => {
    const stranger = new Retell({ apiKey: 'wrong', baseURL: simulator.baseUrl, maxRetries: 0 });
    await expect(stranger.call.list({})).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('every call carries the fields the SDK model requires', async () => {
    for (const call of await listAll({}, 100)) {
      expect(typeof call.call_id).toBe('string');
      expect(typeof call.agent_id).toBe('string');
      expect(Number.isInteger(call.agent_version)).toBe(true);
      expect(['registered', 'not_connected', 'ongoing', 'ended', 'error']).toContain(call.call_status);
      if (call.call_type === 'web_call') expect(typeof call.access_token).toBe('string');
      else {
        expect(call.call_type).toBe('phone_call');
        expect(['inbound', 'outbound']).toContain(call.direction);
        expect(typeof call.from_number).toBe('string');
        expect(typeof call.to_number).toBe('string');
      }
    }
  });

  it('the adapter request body is a valid SDK parameter object the simulator honours', async () => {
    const context = { ...requestContext(retellAdapter, agentA, KEY, 10, { cursor: null }), bounds: { since: Date.UTC(2026, 2, 1, 10), until: Date.UTC(2026, 2, 1, 11), lagMs: 0 } };
    const body = retellAdapter.buildRequest(context).body as CallListParams;
    const sent = await listAll(body, 10);
    const keep = (call: RetellCall) => call.agent_id === 'agent_a' && call.start_timestamp != null && call.start_timestamp >= context.bounds.since && call.start_timestamp <= context.bounds.until;
    expect(ids(sent)).toEqual(ids(every().filter(keep)));
    expect(sent.length).toBeGreaterThan(0);
  });
});

describe('retell call detail judged by retell-sdk', () => {
  const listed = () => simulator.visibleRecords(agentA) as RetellCall[];

  it('call.retrieve answers every listed call as the list has it, plus its transcripts', async () => {
    for (const call of listed()) {
      const detail = await client.call.retrieve(call.call_id!);
      expect(detail).toMatchObject(call as object);
      if (call.start_timestamp == null) expect(detail.transcript_object).toBeUndefined();
      else expect(detail.transcript_object!.length).toBeGreaterThan(1);
    }
  });

  it('utterances carry the fields the SDK model requires, words inside the call, tool calls answered, transfers spoken by the target', async () => {
    const items: NonNullable<CallResponse['transcript_with_tool_calls']> = [];
    for (const call of listed().filter((candidate) => candidate.end_timestamp != null)) {
      const detail = await client.call.retrieve(call.call_id!);
      const seconds = (call.end_timestamp! - call.start_timestamp!) / 1000;
      for (const utterance of detail.transcript_object!) {
        expect(['agent', 'user', 'transfer_target']).toContain(utterance.role);
        expect(typeof utterance.content).toBe('string');
        expect(utterance.words.every((word) => word.start! >= 0 && word.end! <= seconds && word.start! <= word.end!)).toBe(true);
      }
      expect(detail.recording_url).toMatch(/^https:\/\//);
      if (call.disconnection_reason === 'call_transfer') expect(detail.transcript_object!.at(-1)!.role).toBe('transfer_target');
      items.push(...detail.transcript_with_tool_calls!);
    }
    expect(listed().some((call) => call.disconnection_reason === 'call_transfer')).toBe(true);
    const invocations = items.filter((item) => item.role === 'tool_call_invocation');
    expect(invocations.length).toBeGreaterThan(0);
    for (const invocation of invocations) {
      expect(typeof invocation.name === 'string' && typeof invocation.arguments === 'string').toBe(true);
      expect(items.some((item) => item.role === 'tool_call_result' && item.tool_call_id === invocation.tool_call_id)).toBe(true);
    }
  });

  it('the adapter asks the path the SDK asks and maps the call; a call of another agent is answered, and refused by its agent_id', async () => {
    const read = retellAdapter.detail as DetailRead<{ call: unknown }>;
    const mine = listed().find((call) => call.end_timestamp != null)!;
    const theirs = (simulator.visibleRecords(agentB) as RetellCall[])[0]!;
    for (const [call, belongs] of [[mine, true], [theirs, false]] as const) {
      const answered = await client.call.retrieve(call.call_id!);
      expect(simulator.requests.at(-1)!.path).toBe(read.reads.call.buildRequest({ binding: agentA, credential: KEY, conversationId: call.call_id! }).path);
      const detail = read.map({ call: read.reads.call.parse(answered) }, { binding: agentA });
      expect(detail.row.conversationId).toBe(call.call_id);
      expect(detailBelongsToBinding(read, detail, 'agent_a')).toBe(belongs);
    }
  });

  it('an unknown call is the SDK NotFoundError', async () => {
    await expect(client.call.retrieve('call_unknown')).rejects.toBeInstanceOf(NotFoundError);
  });
});
