import { ADAPTER_CONTRACT_VERSION, asObject, bindingSchemaOf, isoToMs, requireId, stringOrNull, VendorShapeError, type AdapterDefinition, type AdapterModule, type MappedRow } from '../../src/contract/index.js';

/**
 * A vendor written the way a new team would, in test code only: index paging (`from` /
 * `to`), no agent filter, so a binding is a phone number and a direction. Its wire format
 * is this file's own (no real vendor's). `serveScratch` answers its list from an array.
 */

// Not in the 555 range the recorder's fakes use, so it is replaced like a real number.
export const SCRATCH_LINE = '+4930901820';

export interface ScratchCall {
  call_id: string;
  created_at: string;
  to: string;
  from: string;
  inbound: boolean;
}

export const scratchAdapter: AdapterDefinition<ScratchCall> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'scratch-offset',
  bindingSchema: bindingSchemaOf(
    { phoneNumber: { type: 'string', pattern: '^\\+[0-9]{6,15}$' }, direction: { type: 'string', enum: ['inbound', 'outbound'] } },
    ['phoneNumber', 'direction'],
  ),
  vendorAgentId: (binding) => `${String(binding.phoneNumber)}:${String(binding.direction)}`,
  boundUserIds: () => [],
  pagination: { kind: 'offset', maxPageSize: 10, shortPageEnds: true },
  order: { kind: 'native' },
  buildRequest: (context) => {
    const from = context.position.offset ?? 0;
    const phone = String(context.binding.phoneNumber);
    const query = { from, to: from + context.pageSize, [context.binding.direction === 'inbound' ? 'to_number' : 'from_number']: phone };
    return { method: 'GET', path: '/v1/calls', query, headers: { authorization: context.credential } };
  },
  parsePage: (body) => {
    const calls = asObject(body).calls;
    if (!Array.isArray(calls)) throw new VendorShapeError('no calls array');
    return { records: calls };
  },
  nativeKey: (call) => isoToMs(call.created_at),
  mapRow: (call): MappedRow => ({
    conversationId: requireId(call, 'call_id'),
    contactId: null,
    contactName: null,
    contactEmail: null,
    contactPhone: stringOrNull(call.inbound ? call.from : call.to),
    channelType: 'voice',
    conversationState: 'resolved',
    startedAt: null,
    endedAt: null,
    lastActivityAt: stringOrNull(call.created_at),
    lastMessagePreview: null,
    messageCount: null,
    durationSec: null,
    summary: null,
    successful: null,
    rating: null,
    tags: [],
    assignees: [],
    cost: null,
    language: null,
    direction: call.inbound ? 'inbound' : 'outbound',
    hasAccess: null,
  }),
  describeError: (_status, body) => ({ message: stringOrNull(asObject(body).message) }),
  detail: { unsupported: 'the scratch vendor documents no single-call read' },
};

export const scratchModule: AdapterModule = {
  adapter: scratchAdapter,
  createSimulator: () => {
    throw new Error('the scratch vendor is served by MockAgent in this test');
  },
  sandboxBinding: () => ({ phoneNumber: SCRATCH_LINE, direction: 'inbound' }),
};

/** The vendor's calls, newest first: pairs of equal times (ties), every third outbound, every fifth to another line. */
export function scratchCalls(count: number): ScratchCall[] {
  const base = Date.UTC(2026, 1, 1);
  return Array.from({ length: count }, (_, index) => ({
    call_id: `call-${String(index).padStart(3, '0')}`,
    created_at: new Date(base - Math.floor(index / 2) * 60_000).toISOString(),
    to: index % 5 === 4 ? '+4930901899' : SCRATCH_LINE,
    from: `+1212555${String(1000 + index)}`,
    inbound: index % 3 !== 2,
  }));
}

/** The list answer for a request path: the inbound calls of the `to_number` line, `from` to `to`. */
export function serveScratch(calls: readonly ScratchCall[], path: string): unknown {
  const query = new URL(path, 'http://scratch.invalid').searchParams;
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const line = query.get('to_number');
  const mine = calls.filter((call) => call.inbound && call.to === line);
  return { calls: mine.slice(from, to) };
}

/** The scratch vendor's OpenAPI document, as a team would write it for `specs/`. */
export const SCRATCH_SPEC = {
  openapi: '3.0.3',
  info: { title: 'Scratch vendor (test only)', version: '1' },
  paths: {
    '/v1/calls': {
      get: {
        parameters: ['from', 'to'].map((name) => ({ in: 'query', name, required: true, schema: { type: 'integer', minimum: 0 } })).concat(['to_number', 'from_number'].map((name) => ({ in: 'query', name, required: false, schema: { type: 'string' } })) as never[]),
        responses: { '200': { description: 'calls', content: { 'application/json': { schema: { type: 'object', required: ['calls'], properties: { calls: { type: 'array' } } } } } } },
      },
    },
  },
};
