import { asObject, type SimulatorFactory } from '../../src/contract/index.js';
import { NUMBER_COMPARISONS, SeededRecords, TEXT_COMPARISONS, createVendorSimulator, decodeKeyset, encodeKeyset, keysetPage, minuteAfter, phoneNumber, recordRoute, sortedByPosition, steppedTimeline, type OrderPosition, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { RETELL_LIST_CALLS_PATH } from './retell-adapter.js';
import { retellDetailOf } from './retell-simulator-detail.js';
import { RETELL_FILTER_ENUMS, retellAgentId, type RetellCall, type RetellErrorBody } from './retell-types.js';

/**
 * A simulator of Retell's `POST /v3/list-calls` and `GET /v2/get-call/{call_id}` (no base path).
 * Filters, paging and what it decides where the vendor is silent: the README, section Simulator.
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
/** Values the simulator writes (checked against the SDK's enums). */
export const REASONS = ['user_hangup', 'user_hangup', 'agent_hangup', 'call_transfer', 'inactivity', 'max_duration_reached'] as const;
export const SENTIMENTS = ['Positive', 'Neutral', 'Negative', 'Unknown'] as const;

function failure(status: number, message: string): SimulatorResponse {
  return { status, body: { status: 'error', message } satisfies RetellErrorBody };
}

/**
 * The fields every v3 call carries: the agent's version and, on web calls, the room's
 * access token. Derived from the id so the seeded stream (and every other field) stays put.
 */
function identity(callId: string, agentId: string, phone: boolean): RetellCall {
  const version = 1 + ([...callId].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 3);
  return {
    call_id: callId,
    agent_id: agentId,
    agent_version: version,
    call_type: phone ? 'phone_call' : 'web_call',
    ...(phone ? {} : { access_token: `web_${callId.slice(5)}` }),
  };
}

function generateCall(random: Random, agentId: string, startMs: number, now: number): RetellCall {
  const phone = random.chance(0.8);
  const live = now - startMs < 30 * MINUTE && random.chance(0.4);
  const outcome = live ? (random.chance(0.15) ? 'registered' : 'ongoing') : random.pick(['ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'not_connected', 'error']);
  const call: RetellCall = { ...identity(`call_${random.hex(24)}`, agentId, phone), call_status: outcome };
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

function positionOf(call: RetellCall): OrderPosition {
  return { at: call.start_timestamp ?? null, id: call.call_id ?? '' };
}

type Check = (call: RetellCall) => boolean;

/** A `{ op, type, value }` filter on one field read by `read`; a string is the 400's message. */
function typedFilter(name: string, raw: unknown, read: (call: RetellCall) => unknown, types: readonly string[], allowed?: readonly string[]): Check | string {
  const filter = asObject(raw);
  const { op, type, value } = filter;
  const bad = `filter_criteria.${name} must be one of: ${types.map((kind) => `{ op, type: "${kind}", value }`).join(', ')}`;
  if (typeof type !== 'string' || !types.includes(type) || Object.keys(filter).some((key) => !['op', 'type', 'value'].includes(key))) return bad;
  if (type === 'enum' && op === 'in' && Array.isArray(value) && value.every((item) => typeof item === 'string' && (!allowed || allowed.includes(item)))) {
    return (call) => value.includes(String(read(call)));
  }
  if (type === 'number' && typeof op === 'string' && NUMBER_COMPARISONS[op] && Number.isFinite(value)) {
    return (call) => typeof read(call) === 'number' && NUMBER_COMPARISONS[op]!(read(call) as number, value as number);
  }
  if (type === 'range' && op === 'bt' && Array.isArray(value) && value.length === 2 && value.every(Number.isFinite)) {
    const [lower, upper] = value as [number, number];
    return (call) => typeof read(call) === 'number' && (read(call) as number) >= lower && (read(call) as number) <= upper;
  }
  if (type === 'string' && typeof op === 'string' && TEXT_COMPARISONS[op] && typeof value === 'string') {
    return (call) => typeof read(call) === 'string' && TEXT_COMPARISONS[op]!(read(call) as string, value);
  }
  if (type === 'boolean' && op === 'eq' && typeof value === 'boolean') return (call) => read(call) === value;
  return bad;
}

/** The v3 filters the simulator serves: field → (reader, accepted filter types). */
const FILTERS: Readonly<Record<string, [(call: RetellCall) => unknown, readonly string[]]>> = {
  call_id: [(call) => call.call_id, ['string', 'enum']],
  call_status: [(call) => call.call_status, ['enum']],
  call_type: [(call) => call.call_type, ['enum']],
  direction: [(call) => call.direction, ['enum']],
  disconnection_reason: [(call) => call.disconnection_reason, ['enum']],
  user_sentiment: [(call) => call.call_analysis?.user_sentiment, ['enum']],
  call_successful: [(call) => call.call_analysis?.call_successful, ['boolean']],
  from_number: [(call) => call.from_number, ['string']],
  to_number: [(call) => call.to_number, ['string']],
  start_timestamp: [(call) => call.start_timestamp, ['number', 'range']],
  end_timestamp: [(call) => call.end_timestamp, ['number', 'range']],
  duration_ms: [(call) => call.duration_ms, ['number', 'range']],
  combined_cost: [(call) => call.call_cost?.combined_cost, ['number', 'range']],
};

/** `agent: [{ agent_id, version? }]`, ORed. */
function agentFilter(raw: unknown): Check | string {
  const bad = 'filter_criteria.agent must be an array of { agent_id, version? }';
  if (!Array.isArray(raw)) return bad;
  const agents = raw.map((item) => asObject(item));
  const valid = agents.every(
    (agent) => typeof agent.agent_id === 'string' && (agent.version === undefined || (Array.isArray(agent.version) && agent.version.every(Number.isInteger))),
  );
  if (!valid) return bad;
  return (call) =>
    agents.some((agent) => agent.agent_id === call.agent_id && (!Array.isArray(agent.version) || agent.version.length === 0 || agent.version.includes(call.agent_version)));
}

/**
 * v3's typed `filter_criteria`. The v2 shape (`agent_id: [...]`, `start_timestamp:
 * { lower_threshold, upper_threshold }`) is a 400, as v3 answers it; documented filters the
 * simulator has no data for (metadata, dynamic variables, tool calls, ...) are a 400 too,
 * never silently ignored.
 */
function readFilters(raw: unknown): Check[] | string {
  if (raw === undefined) return [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'filter_criteria must be an object';
  const checks: Check[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const known = FILTERS[name];
    const allowed = (RETELL_FILTER_ENUMS as Record<string, readonly string[]>)[name];
    const check = name === 'agent' ? agentFilter(value) : known ? typedFilter(name, value, known[0], known[1], allowed) : `filter_criteria.${name} is not supported`;
    if (typeof check === 'string') return check;
    checks.push(check);
  }
  return checks;
}

/** The body as Retell validates it, or the message of a 400. */
function readBody(raw: unknown) {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) return 'Request body must be a JSON object';
  const body = asObject(raw);
  const unknown = Object.keys(body).find((key) => !['filter_criteria', 'sort_order', 'limit', 'pagination_key', 'skip', 'include_total'].includes(key));
  if (unknown !== undefined) return `${unknown} is not a valid parameter`;
  const limit = body.limit ?? 50;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 1000) return 'limit must be an integer between 1 and 1000';
  const skip = body.skip ?? 0;
  if (!Number.isInteger(skip) || (skip as number) < 0) return 'skip must be a non-negative integer';
  if (body.include_total !== undefined && typeof body.include_total !== 'boolean') return 'include_total must be a boolean';
  if (body.sort_order !== undefined && body.sort_order !== 'ascending' && body.sort_order !== 'descending') return 'sort_order must be ascending or descending';
  const readKey = ({ start, id }: Record<string, unknown>) => ((start === null || Number.isFinite(start)) && typeof id === 'string' ? { at: start as number | null, id } : undefined);
  const after = typeof body.pagination_key === 'string' ? decodeKeyset(body.pagination_key, readKey) : undefined;
  if (body.pagination_key !== undefined && after === undefined) return 'pagination_key is invalid';
  const checks = readFilters(body.filter_criteria);
  if (typeof checks === 'string') return checks;
  return {
    limit: limit as number,
    skip: skip as number,
    includeTotal: body.include_total === true,
    ascending: body.sort_order === 'ascending',
    after,
    matches: (call: RetellCall) => checks.every((check) => check(call)),
  };
}

export const createRetellSimulator: SimulatorFactory = (options) => {
  const agents = new SeededRecords(options, {
    vendor: VENDOR,
    keyOf: retellAgentId,
    generate: (random, agentId, count) => steppedTimeline(random, count, options.now, (start) => generateCall(random, agentId, start, options.now)),
  });
  let latest = Math.max(options.now, ...agents.all().flatMap((call) => [call.start_timestamp ?? 0, call.end_timestamp ?? 0]));

  function list(request: SimulatorRequest): SimulatorResponse {
    const query = readBody(request.body);
    if (typeof query === 'string') return failure(400, query);
    const matching = agents.all().filter(query.matches);
    const page = keysetPage(matching, positionOf, query);
    const body = {
      items: page.items,
      has_more: page.hasMore,
      ...(page.next && { pagination_key: encodeKeyset({ start: page.next.at, id: page.next.id }) }),
      ...(query.includeTotal ? { total: matching.length } : {}),
    };
    return { status: 200, body };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    auth: { credential: options.credential, header: 'authorization', scheme: 'Bearer', refusal: () => failure(401, 'API key is invalid') },
    routes: [
      { method: 'POST', pattern: new RegExp(`^${RETELL_LIST_CALLS_PATH}/?$`), handle: list },
      // Any call the key can see, whatever its agent, as `GET /v2/get-call/{call_id}` answers.
      recordRoute(/^\/v2\/get-call\/([^/]+)\/?$/, (id) => agents.all().find((call) => call.call_id === id), retellDetailOf, failure(404, 'Call not found')),
    ],
    notFound: () => failure(404, 'Not Found'),
    insertNewest(binding) {
      const agentId = retellAgentId(binding);
      const start = (latest = minuteAfter(latest));
      const random = agents.insertRandom(agentId);
      const call: RetellCall = { ...identity(`call_${random.hex(24)}`, agentId, false), call_status: 'ongoing', start_timestamp: start };
      agents.of(agentId).push(call);
      return call;
    },
    visibleRecords: (binding) => sortedByPosition(agents.ofBinding(binding), positionOf),
  });
};
