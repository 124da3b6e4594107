import {
  createVendorSimulator,
  asObject,
  createRandom,
  phoneNumber,
  seedFor,
  type Random,
  type SimulatorFactory,
  type SimulatorRequest,
  type SimulatorResponse,
} from '../../src/contract/index.js';
import { RETELL_LIST_CALLS_PATH } from './retell-adapter.js';
import { retellAgentId, type RetellCall, type RetellErrorBody } from './retell-types.js';

/**
 * A simulator of Retell's `POST /v3/list-calls`: a JSON body
 * with `filter_criteria` (`agent_id`, `call_status`, `direction` lists; `start_timestamp`
 * thresholds, inclusive, epoch ms), `sort_order` (by start, `descending` by default; calls
 * not started yet come last), `limit` (1–1000, default 50) and an opaque `pagination_key`
 * (a keyset of the last call's start and id, so calls added at the top never shift pages).
 * Ties on start are ordered by `call_id`, descending. The base URL has no prefix.
 */

const VENDOR = 'retell';
const MINUTE = 60_000;
const AGENT_NUMBER = '+12125550199';
const SUMMARIES = [
  'The caller asked to move an appointment to Friday; the agent confirmed the new time.',
  'Customer wanted a refund status update and was told it is on its way.',
  'Der Anrufer fragte nach den Öffnungszeiten am Sonntag.',
  'The user asked for a human and was transferred.',
];
const REASONS = ['user_hangup', 'user_hangup', 'agent_hangup', 'call_transfer', 'inactivity', 'max_duration_reached'];
const SENTIMENTS = ['Positive', 'Neutral', 'Negative', 'Unknown'];

interface Position {
  start: number | null;
  id: string;
}

function failure(status: number, message: string): SimulatorResponse {
  return { status, body: { status: 'error', message } satisfies RetellErrorBody };
}

function generateCall(random: Random, agentId: string, startMs: number, now: number): RetellCall {
  const phone = random.chance(0.8);
  const live = now - startMs < 30 * MINUTE && random.chance(0.4);
  const outcome = live ? (random.chance(0.15) ? 'registered' : 'ongoing') : random.pick(['ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'not_connected', 'error']);
  const call: RetellCall = { call_id: `call_${random.hex(24)}`, agent_id: agentId, call_type: phone ? 'phone_call' : 'web_call', call_status: outcome };
  if (phone) {
    const caller = phoneNumber(random);
    call.direction = random.chance(0.7) ? 'inbound' : 'outbound';
    call.from_number = call.direction === 'inbound' ? caller : AGENT_NUMBER;
    call.to_number = call.direction === 'inbound' ? AGENT_NUMBER : caller;
  }
  if (outcome === 'registered') return call;
  call.start_timestamp = startMs;
  if (outcome === 'ongoing') return call;
  const durationMs = outcome === 'ended' ? Math.min(now - startMs, random.int(20, 1500) * 1000 + random.int(0, 999)) : random.int(1, 15) * 1000;
  call.end_timestamp = startMs + durationMs;
  call.duration_ms = durationMs;
  call.disconnection_reason = outcome === 'ended' ? random.pick(REASONS) : outcome === 'error' ? 'error_llm_websocket_open' : 'dial_no_answer';
  call.call_cost = { combined_cost: Math.round((durationMs / MINUTE) * 9 * 100) / 100 };
  if (outcome === 'ended' && random.chance(0.9)) {
    call.call_analysis = { call_summary: random.pick(SUMMARIES), call_successful: random.chance(0.75), user_sentiment: random.pick(SENTIMENTS) };
  }
  return call;
}

/** Starts stepping back from now on the minute grid; a step of 0 is an exact tie (never three in a row). */
function generateAgent(seed: number, agentId: string, count: number, now: number): RetellCall[] {
  const random = createRandom(seedFor(seed, VENDOR, agentId));
  const calls: RetellCall[] = [];
  let start = Math.floor(now / MINUTE) * MINUTE;
  let tied = false;
  for (let index = 0; index < count; index += 1) {
    const tie: boolean = index > 0 && !tied && random.chance(0.12);
    if (!tie) start -= random.int(1, 6) * MINUTE;
    tied = tie;
    calls.push(generateCall(random, agentId, start, now));
  }
  return calls;
}

function positionOf(call: RetellCall): Position {
  return { start: call.start_timestamp ?? null, id: call.call_id ?? '' };
}

/** Negative when `a` comes first in descending order: start desc (not started last), then id desc. */
function descending(a: Position, b: Position): number {
  if (a.start !== b.start) {
    if (a.start === null) return 1;
    if (b.start === null) return -1;
    return b.start - a.start;
  }
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

function encodeKey(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeKey(key: string): Position | undefined {
  try {
    const value = asObject(JSON.parse(Buffer.from(key, 'base64url').toString('utf8')));
    if ((value.start === null || Number.isFinite(value.start)) && typeof value.id === 'string') return { start: value.start as number | null, id: value.id };
  } catch {
    // An undecodable key is a 400 below.
  }
  return undefined;
}

interface ListQuery {
  limit: number;
  ascending: boolean;
  after?: Position;
  matches(call: RetellCall): boolean;
}

/** The body as Retell validates it, or the message of a 400. */
function readBody(raw: unknown): ListQuery | string {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) return 'Request body must be a JSON object';
  const body = asObject(raw);
  const limit = body.limit ?? 50;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 1000) return 'limit must be an integer between 1 and 1000';
  if (body.sort_order !== undefined && body.sort_order !== 'ascending' && body.sort_order !== 'descending') return 'sort_order must be ascending or descending';
  const after = typeof body.pagination_key === 'string' ? decodeKey(body.pagination_key) : undefined;
  if (body.pagination_key !== undefined && after === undefined) return 'pagination_key is invalid';
  const filter = asObject(body.filter_criteria);
  const lists = (['agent_id', 'call_status', 'direction'] as const).map((name) => [name, filter[name]] as const);
  if (lists.some(([, value]) => value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string')))) {
    return 'filter_criteria lists must be arrays of strings';
  }
  const start = asObject(filter.start_timestamp);
  const lower = start.lower_threshold;
  const upper = start.upper_threshold;
  if ([lower, upper].some((value) => value !== undefined && !Number.isFinite(value))) return 'start_timestamp thresholds must be numbers';
  return {
    limit: limit as number,
    ascending: body.sort_order === 'ascending',
    after,
    matches: (call) =>
      lists.every(([name, value]) => value === undefined || (value as string[]).includes(String(call[name]))) &&
      (lower === undefined || (call.start_timestamp != null && call.start_timestamp >= (lower as number))) &&
      (upper === undefined || (call.start_timestamp != null && call.start_timestamp <= (upper as number))),
  };
}

export const createRetellSimulator: SimulatorFactory = (options) => {
  const calls: RetellCall[] = [];
  for (const { binding, count } of options.agents) calls.push(...generateAgent(options.seed, retellAgentId(binding), count, options.now));
  let inserted = 0;
  let latest = Math.max(options.now, ...calls.flatMap((call) => [call.start_timestamp ?? 0, call.end_timestamp ?? 0]));

  function list(request: SimulatorRequest): SimulatorResponse {
    if (request.headers.authorization !== `Bearer ${options.credential}`) return failure(401, 'API key is invalid');
    const query = readBody(request.body);
    if (typeof query === 'string') return failure(400, query);
    const order = (a: RetellCall, b: RetellCall) => (query.ascending ? -1 : 1) * descending(positionOf(a), positionOf(b));
    const sorted = calls.filter(query.matches).sort(order);
    const after = query.after;
    const rest = after ? sorted.filter((call) => (query.ascending ? -1 : 1) * descending(positionOf(call), after) > 0) : sorted;
    const items = rest.slice(0, query.limit);
    const hasMore = rest.length > items.length;
    const body = { items: structuredClone(items), has_more: hasMore, ...(hasMore ? { pagination_key: encodeKey(positionOf(items[items.length - 1]!)) } : {}) };
    return { status: 200, body };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    routes: [{ method: 'POST', pattern: new RegExp(`^${RETELL_LIST_CALLS_PATH}/?$`), handle: list }],
    notFound: () => failure(404, 'Not Found'),
    insertNewest(binding) {
      const agentId = retellAgentId(binding);
      const start = Math.ceil(latest / MINUTE) * MINUTE + MINUTE;
      latest = start;
      inserted += 1;
      const random = createRandom(seedFor(options.seed, VENDOR, agentId, 'insert', inserted));
      const call: RetellCall = { call_id: `call_${random.hex(24)}`, agent_id: agentId, call_type: 'web_call', call_status: 'ongoing', start_timestamp: start };
      calls.push(call);
      return structuredClone(call);
    },
    visibleRecords(binding) {
      const agentId = retellAgentId(binding);
      return structuredClone(calls.filter((call) => call.agent_id === agentId).sort((a, b) => descending(positionOf(a), positionOf(b))));
    },
  });
};
