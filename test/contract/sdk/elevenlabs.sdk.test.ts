import { ElevenLabs, ElevenLabsClient, ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenlabsAdapter } from '../../../adapters/elevenlabs/elevenlabs-adapter.js';
import { createElevenLabsSimulator } from '../../../adapters/elevenlabs/elevenlabs-simulator.js';
import type { ElevenLabsConversation } from '../../../adapters/elevenlabs/elevenlabs-types.js';
import { detailBelongsToBinding, type DetailRead, type VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';

/**
 * ElevenLabs' own client (`@elevenlabs/elevenlabs-js`) is the judge: the simulator is driven
 * only through it, and the client validates every response against its models as it parses.
 */

const KEY = 'xi-sdk-key';
const agentA = { connection: 'elevenlabs', agentId: 'agent_a' };
const agentB = { connection: 'elevenlabs', agentId: 'agent_b' };
let simulator: VendorSimulator;
let client: ElevenLabsClient;

type ListRequest = ElevenLabs.conversationalAi.ConversationsListRequest;
type Summary = ElevenLabs.ConversationSummaryResponseModel;

beforeAll(async () => {
  simulator = createElevenLabsSimulator({ seed: 21, credential: KEY, now: Date.UTC(2026, 1, 1, 12), agents: [{ binding: agentA, count: 90 }, { binding: agentB, count: 30 }] });
  await simulator.start();
  client = new ElevenLabsClient({ apiKey: KEY, baseUrl: simulator.baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  await simulator.close();
});

/** Every conversation for the request, following `nextCursor` until `hasMore` is false. */
async function listAll(request: ListRequest, pageSize = 9): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const response = await client.conversationalAi.conversations.list({ ...request, pageSize, ...(cursor ? { cursor } : {}) });
    items.push(...response.conversations);
    if (!response.hasMore) return items;
    cursor = response.nextCursor;
  }
  throw new Error('did not reach the end');
}

const raw = (): ElevenLabsConversation[] => [...simulator.visibleRecords(agentA), ...simulator.visibleRecords(agentB)] as ElevenLabsConversation[];
const ids = (items: { conversationId?: string; conversation_id?: string | null }[]) => items.map((item) => item.conversationId ?? item.conversation_id).sort();

describe('elevenlabs simulator judged by @elevenlabs/elevenlabs-js', () => {
  it('pages to the end newest first with the SDK parameters; records pass the SDK runtime validation', async () => {
    const items = await listAll({ agentId: 'agent_a' });
    expect(items.map((item) => item.conversationId)).toEqual((simulator.visibleRecords(agentA) as ElevenLabsConversation[]).map((record) => record.conversation_id));
    expect(items.every((item) => typeof item.callDurationSecs === 'number' && typeof item.messageCount === 'number')).toBe(true);
  });

  it('the SDK validation is live: a record without a field its model requires fails to parse', async () => {
    simulator.faults.inject({
      kind: 'transform',
      transform: (body) => {
        const page = body as { conversations: Record<string, unknown>[] };
        delete page.conversations[0]!.message_count;
        return page;
      },
    });
    await expect(client.conversationalAi.conversations.list({ agentId: 'agent_a' })).rejects.toThrow(/messageCount|message_count/);
  });

  it('sortDirection asc pages oldest first, to the end', async () => {
    const items = await listAll({ agentId: 'agent_a', sortDirection: 'asc' });
    expect(items.map((item) => item.conversationId)).toEqual((simulator.visibleRecords(agentA) as ElevenLabsConversation[]).map((record) => record.conversation_id).reverse());
  });

  it('honours every filter it accepts exactly', async () => {
    const tag = raw().flatMap((record) => record.tag_ids ?? [])[0]!;
    const branch = raw().find((record) => record.branch_id?.endsWith('experiment'))!.branch_id!;
    const starts = raw().map((record) => record.start_time_unix_secs!).sort((a, b) => a - b);
    const middle = starts[Math.floor(starts.length / 2)]!;
    const cases: [ListRequest, (record: ElevenLabsConversation) => boolean][] = [
      [{ agentId: 'agent_b' }, (record) => record.agent_id === 'agent_b'],
      [{ callSuccessful: 'failure' }, (record) => record.call_successful === 'failure'],
      [{ callStartAfterUnix: middle }, (record) => record.start_time_unix_secs! > middle],
      [{ callStartBeforeUnix: middle }, (record) => record.start_time_unix_secs! < middle],
      [{ callDurationMinSecs: 600 }, (record) => record.call_duration_secs! >= 600],
      [{ callDurationMaxSecs: 100 }, (record) => record.call_duration_secs! <= 100],
      [{ ratingMin: 4 }, (record) => (record.rating ?? 0) >= 4],
      [{ ratingMax: 2 }, (record) => record.rating != null && record.rating <= 2],
      [{ mainLanguages: ['de', 'fr'] }, (record) => ['de', 'fr'].includes(record.main_language ?? '')],
      [{ tagIds: [tag] }, (record) => (record.tag_ids ?? []).includes(tag)],
      [{ excludeStatuses: ['done'] }, (record) => record.status !== 'done'],
      [{ conversationInitiationSource: 'whatsapp' }, (record) => record.conversation_initiation_source === 'whatsapp'],
      [{ branchId: branch }, (record) => record.branch_id === branch],
    ];
    for (const [request, keep] of cases) {
      const expected = ids(raw().filter(keep));
      expect(expected.length, JSON.stringify(request)).toBeGreaterThan(0);
      expect(ids(await listAll(request, 100)), JSON.stringify(request)).toEqual(expected);
    }
  });

  it('search matches the text in titles and summaries, case-insensitively', async () => {
    const full = await listAll({ summaryMode: 'include' }, 100);
    const word = full.flatMap((item) => (item.callSummaryTitle ?? '').split(' ')).find((part) => /^[a-z]{5,}$/i.test(part))!;
    const expected = full.filter((item) => [item.callSummaryTitle, item.transcriptSummary].some((text) => text?.toLowerCase().includes(word.toLowerCase())));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(await listAll({ search: word.toUpperCase(), summaryMode: 'include' }, 100))).toEqual(ids(expected));
  });

  it('rejects every documented filter it holds no data for with the SDK UnprocessableEntityError', async () => {
    const unsimulated: ListRequest[] = [
      { evaluationParams: ['resolved:success'] }, { dataCollectionParams: ['plan:eq:pro'] }, { topicIds: ['t1'] }, { versionId: 'v1' },
      { visitedAgentIds: ['agent_a'] }, { toolNames: ['lookup'] }, { textOnly: true }, { hasFeedbackComment: true }, { terminationReasons: ['x'] },
    ];
    for (const request of unsimulated) {
      await expect(client.conversationalAi.conversations.list(request), JSON.stringify(request)).rejects.toBeInstanceOf(ElevenLabs.UnprocessableEntityError);
    }
  });

  it('accepts every value of the SDK enums it filters on', async () => {
    for (const source of Object.values(ElevenLabs.ConversationInitiationSource)) {
      await expect(client.conversationalAi.conversations.list({ conversationInitiationSource: source, pageSize: 1 })).resolves.toBeDefined();
    }
    await expect(client.conversationalAi.conversations.list({ callSuccessful: 'error' })).resolves.toMatchObject({ conversations: [] });
  });

  it('a bad key surfaces as an ElevenLabsError with status 401', async () => {
    const stranger = new ElevenLabsClient({ apiKey: 'wrong', baseUrl: simulator.baseUrl, maxRetries: 0 });
    const failure = await stranger.conversationalAi.conversations.list({}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ElevenLabsError);
    expect((failure as ElevenLabsError).statusCode).toBe(401);
  });

  it("the adapter's query, pushed-down filters and branch included, is one the SDK sends and the simulator honours", async () => {
    const branch = raw().find((record) => record.agent_id === 'agent_a' && record.branch_id?.endsWith('main'))!.branch_id!;
    const binding = { ...agentA, branchId: branch };
    const context = { ...requestContext(elevenlabsAdapter, binding, KEY, 100, { cursor: null }), filters: { minDurationSec: 60, successful: true } };
    const query = elevenlabsAdapter.buildRequest(context).query!;
    expect(query).toMatchObject({ agent_id: 'agent_a', branch_id: branch, call_duration_min_secs: 60, call_successful: 'success' });
    const items = await listAll({ agentId: String(query.agent_id), branchId: branch, callDurationMinSecs: 60, callSuccessful: 'success' }, 100);
    const keep = (record: ElevenLabsConversation) =>
      record.agent_id === 'agent_a' && record.branch_id === branch && record.call_duration_secs! >= 60 && record.call_successful === 'success';
    expect(ids(items)).toEqual(ids(raw().filter(keep)));
  });
});

describe('elevenlabs conversation detail judged by @elevenlabs/elevenlabs-js', () => {
  const listed = () => simulator.visibleRecords(agentA) as ElevenLabsConversation[];

  it('conversations.get answers every listed conversation with the same ids, times and summary; the SDK validates each', async () => {
    for (const item of await listAll({ agentId: 'agent_a', summaryMode: 'include' }, 100)) {
      const detail = await client.conversationalAi.conversations.get(item.conversationId);
      expect(detail).toMatchObject({ conversationId: item.conversationId, agentId: 'agent_a', status: item.status, branchId: item.branchId });
      expect(detail.metadata).toMatchObject({ startTimeUnixSecs: item.startTimeUnixSecs, callDurationSecs: item.callDurationSecs });
      expect(detail.transcript).toHaveLength(item.messageCount);
      expect(detail.transcript.every((entry) => entry.timeInCallSecs <= item.callDurationSecs)).toBe(true);
      if (detail.analysis) expect(detail.analysis).toMatchObject({ transcriptSummary: item.transcriptSummary ?? '', callSuccessful: item.callSuccessful });
    }
  });

  it('the transcripts hold agent and user turns, tool calls with their results, and interruptions', async () => {
    const entries = (await Promise.all(listed().slice(0, 20).map((record) => client.conversationalAi.conversations.get(record.conversation_id!)))).flatMap((detail) => detail.transcript);
    expect(new Set(entries.map((entry) => entry.role))).toEqual(new Set(['agent', 'user']));
    expect(entries.some((entry) => entry.toolCalls?.length && entry.toolResults?.length)).toBe(true);
    expect(entries.some((entry) => entry.interrupted)).toBe(true);
  });

  it('the adapter asks the path the SDK asks, and maps what the SDK validated', async () => {
    const record = listed().find((candidate) => (candidate.message_count ?? 0) > 3)!;
    await client.conversationalAi.conversations.get(record.conversation_id!);
    const built = elevenlabsAdapter.detail as DetailRead<{ conversation: unknown }>;
    const request = built.reads.conversation.buildRequest({ binding: agentA, credential: KEY, conversationId: record.conversation_id! });
    expect(simulator.requests.at(-1)!.path).toBe(request.path);
    const body = await (await fetch(`${simulator.baseUrl}${request.path}`, { headers: request.headers })).json();
    const detail = built.map({ conversation: built.reads.conversation.parse(body) }, { binding: agentA });
    expect(detail.row).toMatchObject({ conversationId: record.conversation_id, durationSec: record.call_duration_secs, messageCount: record.message_count });
    expect(detail.messages.filter((message) => message.role !== 'tool')).toHaveLength(record.message_count!);
    expect(detailBelongsToBinding(built, detail, 'agent_a')).toBe(true);
  });

  it("answers another agent's conversation, as the vendor does: the record's agent_id is what refuses it", async () => {
    const other = (simulator.visibleRecords(agentB) as ElevenLabsConversation[])[0]!;
    await expect(client.conversationalAi.conversations.get(other.conversation_id!)).resolves.toMatchObject({ agentId: 'agent_b' });
    const built = elevenlabsAdapter.detail as DetailRead<{ conversation: unknown }>;
    const body = await (await fetch(`${simulator.baseUrl}/v1/convai/conversations/${other.conversation_id}`, { headers: { 'xi-api-key': KEY } })).json();
    const detail = built.map({ conversation: built.reads.conversation.parse(body) }, { binding: agentA });
    expect(detail.recordAgentId).toBe('agent_b');
    expect(detailBelongsToBinding(built, detail, 'agent_a')).toBe(false);
  });

  it('an unknown conversation is an ElevenLabsError 404; the SDK validation of the detail is live', async () => {
    const failure = await client.conversationalAi.conversations.get('conv_unknown').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ElevenLabsError);
    expect((failure as ElevenLabsError).statusCode).toBe(404);
    simulator.faults.inject({ kind: 'transform', transform: (body) => ({ ...(body as object), has_audio: 'yes' }) });
    await expect(client.conversationalAi.conversations.get(listed()[0]!.conversation_id!)).rejects.toThrow(/hasAudio|has_audio/);
  });
});
