import { type SimulatorFactory } from '../../src/contract/index.js';
import { CONTACT_NAMES, NUMBER_COMPARISONS, PREVIEWS, SeededRecords, createVendorSimulator, isoTime, latestTime, minuteAfter, phoneNumber, recordRoute, slug, sortedByPosition, steppedTimeline, type Random, type SimulatorRequest, type SimulatorResponse } from '../../src/contract/testing.js';
import { VAPI_CALLS_PATH } from './vapi-adapter.js';
import type { VapiCallDetail } from './vapi-detail-types.js';
import { vapiMessagesOf } from './vapi-simulator-messages.js';
import { vapiAssistantId, type VapiCall, type VapiErrorBody } from './vapi-types.js';

/**
 * A simulator of Vapi's `GET /call` and `GET /call/{id}` (no base path, as `https://api.vapi.ai`).
 * Parameters, order and what it decides where the vendor is silent: the README, section Simulator.
 */

const VENDOR = 'vapi';
const MINUTE = 60_000;
const SECOND = 1_000;
const BOUNDS = ['Gt', 'Lt', 'Ge', 'Le'] as const;
/** Call types, statuses and end reasons the simulator writes (their values are checked against the SDK's enums). */
export const TYPES = ['inboundPhoneCall', 'inboundPhoneCall', 'inboundPhoneCall', 'outboundPhoneCall', 'outboundPhoneCall', 'webCall', 'vapi.websocketCall'] as const;
export const LIVE_STATUSES = ['queued', 'ringing', 'in-progress', 'in-progress', 'forwarding'] as const;
export const ENDED_REASONS = [
  'customer-ended-call', 'customer-ended-call', 'assistant-ended-call', 'silence-timed-out', 'voicemail',
  'pipeline-error-openai-llm-failed', 'twilio-failed-to-connect-call',
] as const;
const EVALUATIONS = ['true', 'true', 'true', 'false', '8'];
const QUERY_PARAMETERS = new Set(['id', 'assistantId', 'phoneNumberId', 'limit', ...['createdAt', 'updatedAt'].flatMap((field) => BOUNDS.map((bound) => `${field}${bound}`))]);
/** The organisation every simulated call belongs to. */
export const VAPI_SIMULATED_ORG_ID = '0b5e1f2a-7c3d-4e8f-9a1b-2c3d4e5f6a7b';

/** One phone number per assistant, derived from its id so the seeded stream stays put. */
export function phoneNumberIdOf(assistantId: string): string {
  const hex = Buffer.from(assistantId, 'utf8').toString('hex').padEnd(12, '0').slice(-12);
  return `5a1d0c3e-0000-4000-8000-${hex}`;
}

function error(statusCode: number, error: string, message: string | string[]): SimulatorResponse {
  return { status: statusCode, body: { message, error, statusCode } satisfies VapiErrorBody };
}

function callId(random: Random): string {
  return `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`;
}

function generateCall(random: Random, assistantId: string, createdMs: number, now: number): VapiCallDetail {
  const type = random.pick(TYPES);
  const status = now - createdMs < 30 * MINUTE && random.chance(0.4) ? random.pick(LIVE_STATUSES) : 'ended';
  const started = status === 'queued' || status === 'ringing' ? null : Math.min(now, createdMs + random.int(1, 20) * SECOND);
  const ended = status === 'ended' ? Math.min(now, started! + random.int(15, 1500) * SECOND) : null;
  const updated = ended !== null ? Math.min(now, ended + random.int(0, 90) * SECOND) : Math.min(now, (started ?? createdMs) + random.int(1, 60) * SECOND);
  const name = random.chance(0.6) ? random.pick(CONTACT_NAMES) : undefined;
  const call: VapiCallDetail = { id: callId(random), orgId: VAPI_SIMULATED_ORG_ID, assistantId, type, status, createdAt: isoTime(createdMs), updatedAt: isoTime(updated) };
  if (type.endsWith('PhoneCall')) call.phoneNumberId = phoneNumberIdOf(assistantId);
  if (started !== null) call.startedAt = isoTime(started);
  if (ended !== null) {
    call.endedAt = isoTime(ended);
    call.endedReason = random.pick(ENDED_REASONS);
    call.cost = Math.round(((ended - started!) / MINUTE) * 0.07 * 10_000) / 10_000;
  }
  if (type !== 'webCall' || name !== undefined) {
    call.customer = { ...(type === 'webCall' ? {} : { number: phoneNumber(random) }), ...(name ? { name } : {}) };
    if (name && random.chance(0.4)) call.customer.email = `${slug(name)}@example.com`;
  }
  if (ended !== null && random.chance(0.85)) {
    call.analysis = { summary: `${name ?? 'The caller'} asked about: ${random.pick(PREVIEWS)}`, successEvaluation: random.pick(EVALUATIONS) };
  }
  if (started !== null) {
    // The same draws as before the transcripts came, so every other call stays as it was.
    const exchanges = random.int(0, 3);
    const openings = Array.from({ length: exchanges }, () => random.pick(PREVIEWS));
    const messages = vapiMessagesOf(call.id!, started, ended ?? updated, 1 + 2 * exchanges, openings[0] ?? '');
    const lookup = messages.find((message) => message.role === 'tool_calls')?.toolCalls?.[0]?.function?.arguments;
    if (call.analysis && lookup) call.analysis.structuredData = JSON.parse(lookup);
    call.messages = messages;
    call.artifact = { messages, ...(ended !== null && { recordingUrl: `https://recordings.simulator.invalid/vapi/${call.id}.wav` }) };
  }
  return call;
}

/** createdAt desc, then id desc. */
const vendorOrder = (calls: VapiCall[]) => sortedByPosition(calls, (call) => ({ at: Date.parse(call.createdAt!), id: call.id! }));

/** The query as Vapi validates it, or the messages of a 400. */
function readQuery(query: URLSearchParams): { limit: number; filters: ((call: VapiCall) => boolean)[] } | string[] {
  const problems = [...query.keys()].filter((name) => !QUERY_PARAMETERS.has(name)).map((name) => `property ${name} should not exist`);
  const limitText = query.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) problems.push('limit must be a number conforming to the specified constraints');
  else if (limit > 1000) problems.push('limit must not be greater than 1000');
  const filters: ((call: VapiCall) => boolean)[] = [];
  for (const field of ['id', 'assistantId', 'phoneNumberId'] as const) {
    const value = query.get(field);
    if (value !== null) filters.push((call) => call[field] === value);
  }
  for (const field of ['createdAt', 'updatedAt'] as const) {
    for (const bound of BOUNDS) {
      const text = query.get(`${field}${bound}`);
      if (text === null) continue;
      const at = Date.parse(text);
      if (!Number.isFinite(at)) problems.push(`${field}${bound} must be a valid ISO 8601 date string`);
      filters.push((call) => NUMBER_COMPARISONS[bound.toLowerCase()]!(Date.parse(call[field] ?? ''), at));
    }
  }
  return problems.length > 0 ? problems : { limit, filters };
}

export const createVapiSimulator: SimulatorFactory = (options) => {
  const assistants = new SeededRecords(options, {
    vendor: VENDOR,
    keyOf: vapiAssistantId,
    generate: (random, assistantId, count) => steppedTimeline(random, count, options.now, (created) => generateCall(random, assistantId, created, options.now)),
  });
  let latest = latestTime(options.now, assistants.all().flatMap(({ createdAt, updatedAt, endedAt }) => [createdAt, updatedAt, endedAt]));

  function list(request: SimulatorRequest): SimulatorResponse {
    const query = readQuery(request.query);
    if (Array.isArray(query)) return error(400, 'Bad Request', query);
    return { status: 200, body: vendorOrder(assistants.all().filter((call) => query.filters.every((filter) => filter(call)))).slice(0, query.limit) };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    auth: {
      credential: options.credential,
      header: 'authorization',
      scheme: 'Bearer',
      refusal: () => error(401, 'Unauthorized', 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.'),
    },
    routes: [
      { method: 'GET', pattern: new RegExp(`^${VAPI_CALLS_PATH}/?$`), handle: list },
      // Any call of the organisation, whatever its assistant, as `GET /call/{id}` answers.
      recordRoute(new RegExp(`^${VAPI_CALLS_PATH}/([^/]+)/?$`), (id) => assistants.all().find((call) => call.id === id), (call) => call, error(404, 'Not Found', 'Call not found')),
    ],
    notFound: (request) => error(404, 'Not Found', `Cannot ${request.method} ${request.path}`),
    insertNewest(binding) {
      const assistantId = vapiAssistantId(binding);
      const created = (latest = minuteAfter(latest));
      const random = assistants.insertRandom(assistantId);
      const call: VapiCall = {
        id: callId(random), orgId: VAPI_SIMULATED_ORG_ID, assistantId, phoneNumberId: phoneNumberIdOf(assistantId), type: 'inboundPhoneCall',
        status: 'in-progress', createdAt: isoTime(created), updatedAt: isoTime(created), startedAt: isoTime(created),
      };
      assistants.ofBinding(binding).push(call);
      return call;
    },
    visibleRecords: (binding) => vendorOrder(assistants.ofBinding(binding)),
  });
};
