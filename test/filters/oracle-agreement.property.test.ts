import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, CONVERSATION_STATES, type Row } from '../../src/contract/index.js';
import { matchesFilters } from '../../src/filters/conversation-filters.js';
import { FILTERS } from '../../src/filters/row-filters.js';
import { parseFilters } from '../../src/routes/conversations-query.js';
import { rowMatchesQuery } from '../support/oracle/query-filter.js';

/**
 * The test oracle (written from the README) and the filter table agree on every row and
 * every query: the oracle stays independent of src/filters, and a filter added to the table
 * that the oracle does not know shows here as a row the two judge differently.
 */

const T = Date.UTC(2026, 4, 18, 14, 32, 12);
const MINUTE = 60_000;
const TAGS = ['billing', 'vip', 'refund'] as const;

const instants = [T - 2 * MINUTE, T - MINUTE, T, T + MINUTE];
const someOf = <V extends string>(values: readonly V[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 });

/** Query values for each filter with a query parameter, as a caller writes them. */
const QUERY_VALUES: Record<string, fc.Arbitrary<string>> = {
  since: fc.constantFrom(...instants).map((ms) => new Date(ms).toISOString()),
  until: fc.constantFrom(...instants).map((ms) => new Date(ms).toISOString()),
  channel: someOf(CHANNEL_TYPES).map((list) => list.join(',')),
  state: someOf(CONVERSATION_STATES).map((list) => list.join(',')),
  minDurationSec: fc.constantFrom('0', '60', '120', '121'),
  maxDurationSec: fc.constantFrom('0', '60', '120', '119'),
  minRating: fc.integer({ min: 1, max: 5 }).map(String),
  maxRating: fc.integer({ min: 1, max: 5 }).map(String),
  q: fc.constantFrom('ada', 'LOVE', 'refund', 'fixed', '020 7946 0018', '0044 20 7946 0018', '+1 416', 'nobody'),
  tags: someOf([...TAGS, 'other']).map((list) => list.join(',')),
  successful: fc.constantFrom('true', 'false'),
};

const nullable = <V>(value: fc.Arbitrary<V>) => fc.option(value, { nil: null });

const rowArbitrary: fc.Arbitrary<Row> = fc
  .record({
    lastActivity: nullable(fc.constantFrom(...instants, T + 30_000)),
    channelType: fc.constantFrom(...CHANNEL_TYPES),
    conversationState: fc.constantFrom(...CONVERSATION_STATES),
    durationSec: nullable(fc.constantFrom(0, 59, 60, 120, 121)),
    rating: nullable(fc.integer({ min: 1, max: 5 })),
    successful: nullable(fc.boolean()),
    tags: fc.subarray([...TAGS]),
    contactName: nullable(fc.constantFrom('Ada Lovelace', 'Grace Hopper')),
    contactPhone: nullable(fc.constantFrom('+442079460018', '+14165550100')),
    lastMessagePreview: nullable(fc.constantFrom('Thanks, that FIXED it', 'hello')),
    summary: nullable(fc.constantFrom('Refund issued', 'No answer')),
  })
  .map(({ lastActivity, contactPhone, ...fields }) => ({
    id: 'tether:1',
    source: 'tether',
    vendor: 'tether',
    vendorAgentId: 'a',
    conversationId: '1',
    contactId: null,
    contactEmail: null,
    contactPhone,
    contactPhoneFormat: contactPhone === null ? null : 'e164',
    contactKey: contactPhone === null ? null : `tel:${contactPhone}`,
    startedAt: null,
    endedAt: null,
    lastActivityAt: lastActivity === null ? null : new Date(lastActivity).toISOString(),
    messageCount: null,
    assignees: [],
    cost: null,
    language: null,
    direction: null,
    hasAccess: true,
    originalId: null,
    linkedIds: [],
    ...fields,
  }));

const queryArbitrary = fc.record(QUERY_VALUES, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;

/** The query as the route's schema hands it to the parser: numbers where the schema says so. */
function asValidated(query: Record<string, string>): Parameters<typeof parseFilters>[0] {
  const typed = FILTERS.filter((filter) => query[filter.name] !== undefined).map((filter) => {
    const numeric = filter.query?.schema.type === 'number' || filter.query?.schema.type === 'integer';
    return [filter.name, numeric ? Number(query[filter.name]) : query[filter.name]];
  });
  return Object.fromEntries(typed) as Parameters<typeof parseFilters>[0];
}

function parsedOrUndefined(query: Record<string, string>) {
  try {
    return parseFilters(asValidated(query));
  } catch {
    // Bounds out of order are a 400, which the oracle does not judge.
    return undefined;
  }
}

describe('the test oracle and the filter table', () => {
  it('every filter with a query parameter has query values here', () => {
    const named = FILTERS.filter((filter) => filter.query !== undefined).map((filter) => filter.name);
    expect(Object.keys(QUERY_VALUES).sort()).toEqual([...named].sort());
  });

  it('judge every row of every query alike', () => {
    fc.assert(
      fc.property(rowArbitrary, queryArbitrary, (row, query) => {
        const filters = parsedOrUndefined(query);
        fc.pre(filters !== undefined);
        const lastActivityMs = row.lastActivityAt === null ? null : Date.parse(row.lastActivityAt);
        expect(matchesFilters(row, filters!, lastActivityMs)).toBe(rowMatchesQuery(row, query));
      }),
      { numRuns: 1_000 },
    );
  });

  it('each filter alone keeps some rows and drops others, so the agreement is not vacuous', () => {
    for (const name of Object.keys(QUERY_VALUES)) {
      const verdicts = new Set<boolean>();
      fc.assert(
        fc.property(rowArbitrary, QUERY_VALUES[name]!, (row, value) => {
          verdicts.add(rowMatchesQuery(row, { [name]: value }));
        }),
        { numRuns: 300, seed: 1 },
      );
      expect([...verdicts].sort(), name).toEqual([false, true]);
    }
  });
});
