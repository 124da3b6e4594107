import { createHash } from 'node:crypto';
import type { PushDownFilters, Row } from '../contract/index.js';
import type { RowFilter } from './row-filter.js';
import { FILTERS, type ConversationFilters, type FilterName, type PushedDownFilters } from './row-filters.js';

export type { ConversationFilters } from './row-filters.js';
export { phoneDigitsOf } from './text-match.js';

/** The table's push-down filters are the contract's `PushDownFilters`, field for field (checked by `npm run typecheck`). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const pushDownIsTheContract: Same<Required<PushedDownFilters>, Required<PushDownFilters>> = true;
void pushDownIsTheContract;

/** Exact filtering in the gateway: the row passes every filter given. */
export function matchesFilters(row: Row, filters: ConversationFilters, lastActivityMs: number | null): boolean {
  for (const { filter, value } of givenFilters(filters)) {
    if (!filter.matches(row, value, lastActivityMs)) return false;
  }
  return true;
}

interface GivenFilter {
  filter: RowFilter;
  value: unknown;
}

/** Each walk matches every row it reads against one filters object, never changed once made (a delta walk makes its own): its given filters are found once. */
const givenByFilters = new WeakMap<ConversationFilters, readonly GivenFilter[]>();

function givenFilters(filters: ConversationFilters): readonly GivenFilter[] {
  let given = givenByFilters.get(filters);
  if (given === undefined) {
    const values = filters as Readonly<Record<string, unknown>>;
    given = FILTERS.filter((filter) => values[filter.name] !== undefined).map((filter) => ({ filter, value: values[filter.name] }));
    givenByFilters.set(filters, given);
  }
  return given;
}

/** What an adapter is handed to push down to its vendor: the filters the table marks so, and no other. */
export function pushDownFiltersOf(filters: ConversationFilters): PushDownFilters {
  const values = filters as Readonly<Record<string, unknown>>;
  return Object.fromEntries(FILTERS.filter((filter) => filter.pushDown && values[filter.name] !== undefined).map((filter) => [filter.name, values[filter.name]]));
}

/** Whether a filter given matches on the row's summary, which some vendors send only when asked. */
export function readsSummary(filters: ConversationFilters): boolean {
  const values = filters as Readonly<Record<string, unknown>>;
  return FILTERS.some((filter) => filter.readsSummary === true && values[filter.name] !== undefined);
}

/**
 * The filters the first cursors fingerprinted, by position, before the sources. Kept as it
 * was so cursors and sync tokens issued then still fit; every filter after them counts by
 * name and value, only when given, so the cursors of walks without it keep their fingerprint.
 */
const FIRST_FINGERPRINTED = ['since', 'until', 'channel', 'state', 'q', 'minDurationSec', 'maxDurationSec', 'successful', 'minRating', 'maxRating', 'tags'] as const satisfies readonly FilterName[];

/**
 * A short digest of the filters and selected sources, so a cursor is only accepted with
 * the filters it was issued for. Every filter of the table counts; a list the table
 * fingerprints as a set is sorted: `channel=sms,voice` equals `voice,sms`.
 */
export function filterFingerprint(filters: ConversationFilters, sources: string[]): string {
  const values = filters as Readonly<Record<string, unknown>>;
  const first: readonly string[] = FIRST_FINGERPRINTED;
  const firstFilters = first.map((name) => FILTERS.find((filter) => filter.name === name)!);
  const later = FILTERS.filter((filter) => !first.includes(filter.name) && values[filter.name] !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  const canonical = JSON.stringify([
    ...firstFilters.map((filter) => canonicalOf(filter.fingerprint, values[filter.name])),
    sorted(sources),
    ...later.map((filter) => [filter.name, canonicalOf(filter.fingerprint, values[filter.name])]),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** A filter's value as fingerprinted: a set sorted without repeats, absent as null. */
function canonicalOf(form: 'value' | 'set', value: unknown): unknown {
  return form === 'set' ? sorted(value as string[] | undefined) : (value ?? null);
}

function sorted(list: readonly string[] | undefined): string[] | null {
  return list ? [...new Set(list)].sort() : null;
}
