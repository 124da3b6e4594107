import { CHANNEL_TYPES, CONVERSATION_STATES, type Row } from '../contract/row.js';
import { COMMA_LIST, parseDateTime, parseMembers, splitList } from './query-values.js';
import { rowFilter, type QueryParameterSchema, type RowFilter } from './row-filter.js';
import { matchesContact, matchesText } from './text-match.js';

/**
 * Every row filter of the conversations endpoint, one entry each (`row-filter.ts` says what
 * an entry declares). Adding a filter is adding an entry here: the routes' query schemas and
 * the API document, the parser, the matcher, the cursor fingerprint, the push-down and the
 * explorer's form follow. The order is the API document's and the explorer's.
 */
export const ROW_FILTERS = [
  rowFilter({
    name: 'since',
    query: {
      schema: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time with a zone, or a date, read as the start of that day in UTC: since <= lastActivityAt' },
      parse: (text: string) => parseDateTime('since', text),
    },
    below: { name: 'until', orEqual: false },
    matches: (_row, since: number, lastActivityMs) => lastActivityMs !== null && lastActivityMs >= since,
    fingerprint: 'value',
    // Every adapter gets it as the request's time bounds instead, widened by the source's lag.
    pushDown: false,
    control: { kind: 'instant', group: 'Last activity', label: 'Since', presets: true },
  }),
  rowFilter({
    name: 'until',
    query: {
      schema: { type: 'string', maxLength: 40, description: 'ISO 8601 date-time with a zone, or a date, read as the start of that day in UTC: lastActivityAt < until' },
      parse: (text: string) => parseDateTime('until', text),
    },
    matches: (_row, until: number, lastActivityMs) => lastActivityMs !== null && lastActivityMs < until,
    fingerprint: 'value',
    pushDown: false,
    control: { kind: 'instant', group: 'Last activity', label: 'Until' },
  }),
  memberList('channel', CHANNEL_TYPES, (row) => row.channelType, 'Channel'),
  memberList('state', CONVERSATION_STATES, (row) => row.conversationState, 'State'),
  ...inclusiveBounds('minDurationSec', 'maxDurationSec', (row) => row.durationSec, { type: 'number', minimum: 0 }, { group: 'Duration (seconds)', min: 0 }),
  ...inclusiveBounds('minRating', 'maxRating', (row) => row.rating, { type: 'integer', minimum: 1, maximum: 5 }, { group: 'Rating (1–5)', min: 1, max: 5 }),
  rowFilter({
    name: 'q',
    query: {
      schema: { type: 'string', minLength: 1, maxLength: 200, description: 'Case-insensitive text over contact, preview and summary' },
      parse: (text: string) => text.toLowerCase(),
    },
    matches: matchesText,
    fingerprint: 'value',
    pushDown: false,
    readsSummary: true,
    control: { kind: 'text', group: 'Text and outcome', label: 'Search', placeholder: 'contact, preview, summary', search: true, maxLength: 200 },
  }),
  rowFilter({
    name: 'tags',
    query: { schema: { ...COMMA_LIST, description: 'Comma list; a row matches any of them' }, parse: splitList },
    matches: (row, tags) => row.tags.some((tag) => tags.includes(tag)),
    fingerprint: 'set',
    pushDown: true,
    control: { kind: 'text', group: 'Text and outcome', label: 'Tags', placeholder: 'billing, vip', list: true },
  }),
  rowFilter({
    name: 'successful',
    query: { schema: { type: 'string', enum: ['true', 'false'] }, parse: (flag: 'true' | 'false') => flag === 'true' },
    matches: (row, successful) => row.successful === successful,
    fingerprint: 'value',
    pushDown: true,
    control: { kind: 'yes-no', group: 'Text and outcome', label: 'Successful' },
  }),
  rowFilter({
    // One person, `tel:<E.164>` or `mailto:<email>`: the contact search sets it from phone, email or contactKey (src/contacts/contact-query.ts).
    name: 'contact',
    matches: matchesContact,
    fingerprint: 'value',
    pushDown: false,
  }),
] as const;

type Entry = (typeof ROW_FILTERS)[number];
export type FilterName = Entry['name'];
type ValueOf<F> = F extends RowFilter<string, infer Value, infer _Raw, boolean> ? Value : never;
type RawOf<F> = F extends RowFilter<string, unknown, infer Raw, boolean> ? Raw : never;

/** The row filters of a request, parsed and normalized; absent: not asked. */
export type ConversationFilters = { [F in Entry as F['name']]?: ValueOf<F> };

/** The filters' query parameters, as the route's schema lets them through. */
export type FilterQuery = { [F in Entry as [RawOf<F>] extends [never] ? never : F['name']]?: RawOf<F> };

/** The filters an adapter may push down to its vendor. */
export type PushedDownFilters = { [F in Entry as F['pushDown'] extends true ? F['name'] : never]?: ValueOf<F> };

/** The table as the loops over it read it: any entry, any value. */
export const FILTERS: readonly RowFilter[] = ROW_FILTERS;

/** A comma list of known members, a row matching any of them; never pushed down (no vendor is asked for them), chosen on the form by checkboxes. */
function memberList<const Name extends string, Member extends string>(name: Name, members: readonly Member[], memberOf: (row: Row) => Member | null, group: string) {
  return rowFilter({
    name,
    query: { schema: { ...COMMA_LIST, description: `Comma list of ${members.join(', ')}` }, parse: (text: string) => parseMembers(name, text, members) },
    matches: (row, chosen) => (chosen as readonly (Member | null)[]).includes(memberOf(row)),
    fingerprint: 'set',
    pushDown: false,
    control: { kind: 'choices', group, choices: members },
  });
}

/**
 * A minimum and a maximum on one number of the row, both inclusive; a null never satisfies
 * either. Pushed down: a vendor that filters the same number may apply them first.
 */
function inclusiveBounds<const Min extends string, const Max extends string>(
  minName: Min,
  maxName: Max,
  numberOf: (row: Row) => number | null,
  schema: QueryParameterSchema,
  control: { group: string; min: number; max?: number },
) {
  const bound = <const Name extends string>(name: Name, label: string, holds: (value: number, limit: number) => boolean) =>
    rowFilter({
      name,
      query: { schema, parse: (limit: number) => limit },
      matches: (row, limit) => {
        const value = numberOf(row);
        return value !== null && holds(value, limit);
      },
      fingerprint: 'value',
      pushDown: true,
      control: { kind: 'number', label, ...control },
    });
  return [{ ...bound(minName, 'Min', (value, min) => value >= min), below: { name: maxName, orEqual: true } }, bound(maxName, 'Max', (value, max) => value <= max)] as const;
}
