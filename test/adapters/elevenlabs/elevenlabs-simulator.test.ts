import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElevenLabsSimulator } from '../../../adapters/elevenlabs/elevenlabs-simulator.js';
import type { ElevenLabsConversation, ElevenLabsListResponse } from '../../../adapters/elevenlabs/elevenlabs-types.js';
import type { SimulatorOptions, VendorSimulator } from '../../../src/contract/index.js';

const KEY = 'xi-test-key';
const PATH = '/v1/convai/conversations';
const agentA = { connection: 'elevenlabs', agentId: 'agent_a' };
const agentB = { connection: 'elevenlabs', agentId: 'agent_b' };
const options: SimulatorOptions = {
  seed: 11,
  credential: KEY,
  now: Date.UTC(2026, 0, 15, 12, 0, 0),
  agents: [{ binding: agentA, count: 45 }, { binding: agentB, count: 20 }],
};

type Query = Record<string, string | number | (string | number)[]>;

let simulator: VendorSimulator;

async function get(query: Query, key: string | null = KEY, path = PATH): Promise<{ status: number; body: any }> {
  const url = new URL(simulator.baseUrl + path);
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  const response = await request(url, { headers: key === null ? {} : { 'xi-api-key': key } });
  return { status: response.statusCode, body: await response.body.json() };
}

/** Every record for the query, walking the cursor 100 at a time. */
async function readAll(query: Query): Promise<ElevenLabsConversation[]> {
  const records: ElevenLabsConversation[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const { status, body } = await get({ page_size: 100, ...query, ...(cursor ? { cursor } : {}) });
    expect(status).toBe(200);
    const list = body as ElevenLabsListResponse;
    records.push(...list.conversations);
    if (!list.has_more) return records;
    cursor = list.next_cursor!;
  }
  throw new Error('too many pages');
}

const ids = (records: ElevenLabsConversation[]) => records.map((record) => record.conversation_id);
const visibleA = () => simulator.visibleRecords(agentA) as ElevenLabsConversation[];

beforeAll(async () => {
  simulator = createElevenLabsSimulator(options);
  await simulator.start();
});

afterAll(async () => {
  await simulator.close();
});

describe('elevenlabs simulator: auth and errors', () => {
  it('answers a missing or wrong xi-api-key with 401 invalid_api_key', async () => {
    for (const key of [null, 'wrong-key']) {
      const { status, body } = await get({ agent_id: 'agent_a' }, key);
      expect(status).toBe(401);
      expect(body.detail.status).toBe('invalid_api_key');
      expect(typeof body.detail.message).toBe('string');
    }
  });

  it('does not accept the key as a bearer token', async () => {
    const response = await request(`${simulator.baseUrl}${PATH}`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.statusCode).toBe(401);
    await response.body.dump();
  });

  it('answers an unknown path with 404 in the vendor shape', async () => {
    const { status, body } = await get({}, KEY, '/v1/convai/nothing-here');
    expect(status).toBe(404);
    expect(body.detail).toEqual({ status: 'not_found', message: 'Not Found' });
  });

  it('answers a bad parameter with a 422 detail list', async () => {
    for (const [name, value] of [
      ['page_size', 0], ['page_size', 101], ['page_size', 'ten'], ['page_size', '2.5'],
      ['rating_min', 0], ['rating_max', 6], ['call_start_after_unix', 'yesterday'],
      ['call_successful', 'maybe'], ['summary_mode', 'all'], ['exclude_statuses', 'archived'],
      ['conversation_initiation_source', 'carrier_pigeon'], ['cursor', 'not-a-cursor'],
    ] as const) {
      const { status, body } = await get({ agent_id: 'agent_a', [name]: value });
      expect(status, `${name}=${value}`).toBe(422);
      expect(body.detail[0].loc.slice(0, 2)).toEqual(['query', name]);
      expect(typeof body.detail[0].msg).toBe('string');
      expect(typeof body.detail[0].type).toBe('string');
    }
  });

  it('ignores parameters the vendor does not document, as FastAPI does', async () => {
    const plain = await get({ agent_id: 'agent_a' });
    const extra = await get({ agent_id: 'agent_a', colour: 'blue' });
    expect(extra.body).toEqual(plain.body);
  });

  it('rejects documented filters it holds no data for with a 422 naming each, never ignoring them', async () => {
    const { status, body } = await get({ agent_id: 'agent_a', evaluation_params: 'resolved:success', data_collection_params: 'x:eq:1', topic_ids: 't1' });
    expect(status).toBe(422);
    expect(body.detail.map((issue: { loc: string[] }) => issue.loc[1])).toEqual(['evaluation_params', 'data_collection_params', 'topic_ids']);
  });
});

describe('elevenlabs simulator: pagination and order', () => {
  it('pages 30 by default and at most 100', async () => {
    const first = await get({ agent_id: 'agent_a' });
    expect(first.body.conversations).toHaveLength(30);
    expect(first.body.has_more).toBe(true);
    expect(typeof first.body.next_cursor).toBe('string');
    const hundred = await get({ agent_id: 'agent_a', page_size: 100 });
    expect(hundred.body.conversations).toHaveLength(45);
    expect(hundred.body).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('walks the cursor without gaps or duplicates', async () => {
    const paged = await readAll({ agent_id: 'agent_a', page_size: 7 });
    expect(ids(paged)).toEqual(ids(visibleA()));
    expect(new Set(ids(paged)).size).toBe(45);
  });

  it('sorts by call start descending, ties by conversation_id descending', async () => {
    const records = await readAll({ agent_id: 'agent_a' });
    let ties = 0;
    for (let index = 1; index < records.length; index += 1) {
      const [previous, current] = [records[index - 1]!, records[index]!];
      expect(previous.start_time_unix_secs!).toBeGreaterThanOrEqual(current.start_time_unix_secs!);
      if (previous.start_time_unix_secs === current.start_time_unix_secs) {
        ties += 1;
        expect(previous.conversation_id! > current.conversation_id!).toBe(true);
      }
    }
    expect(ties).toBeGreaterThan(0);
  });

  it('returns every agent the key owns without agent_id', async () => {
    const all = await readAll({});
    expect(all).toHaveLength(65);
    expect(new Set(all.map((record) => record.agent_id))).toEqual(new Set(['agent_a', 'agent_b']));
  });
});

describe('elevenlabs simulator: filters', () => {
  const check = async (query: Query, keep: (record: ElevenLabsConversation) => boolean) => {
    const expected = ids(visibleA().filter(keep));
    expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
    expect(expected.length, JSON.stringify(query)).toBeLessThan(45);
    expect(ids(await readAll({ agent_id: 'agent_a', ...query }))).toEqual(expected);
  };

  it('filters by agent_id', async () => {
    const records = await readAll({ agent_id: 'agent_b' });
    expect(ids(records)).toEqual(ids(simulator.visibleRecords(agentB) as ElevenLabsConversation[]));
    expect(await readAll({ agent_id: 'agent_nobody' })).toEqual([]);
  });

  it('filters call start after and before, both exclusive, in seconds', async () => {
    const starts = visibleA().map((record) => record.start_time_unix_secs!);
    const middle = starts[Math.floor(starts.length / 2)]!;
    await check({ call_start_after_unix: middle }, (record) => record.start_time_unix_secs! > middle);
    await check({ call_start_before_unix: middle }, (record) => record.start_time_unix_secs! < middle);
  });

  it('filters call duration, both bounds inclusive', async () => {
    const duration = visibleA()[5]!.call_duration_secs!;
    await check({ call_duration_min_secs: duration }, (record) => record.call_duration_secs! >= duration);
    await check({ call_duration_max_secs: duration }, (record) => record.call_duration_secs! <= duration);
  });

  it('filters rating, dropping unrated calls', async () => {
    await check({ rating_min: 3 }, (record) => record.rating != null && record.rating >= 3);
    await check({ rating_max: 2 }, (record) => record.rating != null && record.rating <= 2);
  });

  it('filters call_successful and user_id', async () => {
    await check({ call_successful: 'failure' }, (record) => record.call_successful === 'failure');
    const userId = visibleA().find((record) => record.user_id)!.user_id!;
    await check({ user_id: userId }, (record) => record.user_id === userId);
  });

  it('filters main_languages and tag_ids, repeatable, any of', async () => {
    await check({ main_languages: ['de', 'ja'] }, (record) => ['de', 'ja'].includes(record.main_language ?? ''));
    await check({ tag_ids: ['tag_vip', 'tag_refund'] }, (record) =>
      (record.tag_ids ?? []).some((tag) => ['tag_vip', 'tag_refund'].includes(tag)));
  });

  it('excludes statuses, repeatable', async () => {
    await check({ exclude_statuses: ['done'] }, (record) => record.status !== 'done');
    await check({ exclude_statuses: ['in-progress', 'processing', 'initiated'] }, (record) =>
      !['in-progress', 'processing', 'initiated'].includes(record.status!));
  });

  it('filters conversation_initiation_source', async () => {
    await check({ conversation_initiation_source: 'widget' }, (record) => record.conversation_initiation_source === 'widget');
  });

  it('includes transcript summaries only with summary_mode=include', async () => {
    const excluded = await get({ agent_id: 'agent_a', page_size: 100, summary_mode: 'exclude' });
    expect(excluded.body.conversations.some((record: object) => 'transcript_summary' in record)).toBe(false);
    const included = await get({ agent_id: 'agent_a', page_size: 100, summary_mode: 'include' });
    expect(included.body.conversations.every((record: object) => 'transcript_summary' in record)).toBe(true);
    expect(included.body.conversations.some((record: ElevenLabsConversation) => typeof record.transcript_summary === 'string')).toBe(true);
  });
});

describe('elevenlabs simulator: data', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const again = createElevenLabsSimulator(options);
    expect(again.visibleRecords(agentA)).toEqual(createElevenLabsSimulator(options).visibleRecords(agentA));
    const other = createElevenLabsSimulator({ ...options, seed: 12 });
    expect(ids(other.visibleRecords(agentA) as ElevenLabsConversation[])).not.toEqual(
      ids(again.visibleRecords(agentA) as ElevenLabsConversation[]));
  });

  it('keeps calls in the past, within 5–1800 seconds, with optional fields sometimes missing', () => {
    const records = visibleA();
    for (const record of records) {
      expect(record.call_duration_secs!).toBeGreaterThanOrEqual(5);
      expect(record.call_duration_secs!).toBeLessThanOrEqual(1800);
      expect((record.start_time_unix_secs! + record.call_duration_secs!) * 1000).toBeLessThanOrEqual(options.now);
      expect(Object.keys(record)).not.toContain('contact');
    }
    expect(records.some((record) => record.direction === undefined)).toBe(true);
    expect(records.some((record) => record.user_id === undefined)).toBe(true);
    expect(records.some((record) => record.rating === null)).toBe(true);
  });

  it('visibleRecords equals a full paginated read', async () => {
    expect(await readAll({ agent_id: 'agent_a', page_size: 13 })).toEqual(visibleA());
  });

  it('insertNewest adds a call that comes first without shifting cursor pages', async () => {
    const local = createElevenLabsSimulator(options);
    const original = simulator;
    simulator = local;
    await local.start();
    try {
      const first = await get({ agent_id: 'agent_a', page_size: 10 });
      const before = visibleA();
      const inserted = local.insertNewest(agentA) as ElevenLabsConversation;
      const second = await get({ agent_id: 'agent_a', page_size: 10, cursor: first.body.next_cursor });
      expect(ids(second.body.conversations)).toEqual(ids(before.slice(10, 20)));
      const fresh = await get({ agent_id: 'agent_a', page_size: 10 });
      expect(fresh.body.conversations[0]).toEqual(inserted);
      const latestStart = Math.max(...(visibleA().slice(1).map((record) => record.start_time_unix_secs!)));
      expect(inserted.start_time_unix_secs! - latestStart).toBeGreaterThanOrEqual(60);
    } finally {
      simulator = original;
      await local.close();
    }
  });
});

describe('elevenlabs simulator: faults', () => {
  it('injects a status once, then answers normally', async () => {
    simulator.faults.inject({ kind: 'status', status: 500 });
    expect((await get({ agent_id: 'agent_a' })).status).toBe(500);
    expect((await get({ agent_id: 'agent_a' })).status).toBe(200);
    expect(simulator.requests.at(-1)).toMatchObject({ method: 'GET', path: PATH, query: { agent_id: 'agent_a' } });
  });
});
