import type { Row } from '../contract/index.js';
import { compareKeys, type RowKey } from './row-key.js';
import type { SourceCursor } from '../cursor/walk-cursor.js';
import type { SourceHead, SourceWalk } from './source-walk.js';

export interface MergedPage {
  rows: Row[];
  hasMore: boolean;
  /** The last row sent (the next page starts after it); the start boundary when none was. */
  boundary: RowKey | undefined;
  /** Sources whose reads were due when `mustStop` ended the page early. */
  stoppedShort: SourceWalk[];
}

/**
 * The k-way merge: repeatedly sends the earliest head among the sources, until the page
 * is full or `mustStop` (the deadline, or the request's vendor calls spent). A head that is
 * only a bound must be read past first; every source whose bound lies before the earliest
 * real row must be read before that row can go, so those are read together (one round
 * trip, no request that would not be made anyway). A source whose next rows provably lie
 * beyond this page is never read (O(N) vendor requests).
 */
export async function mergeWalks(
  walks: SourceWalk[],
  limit: number,
  startBoundary: RowKey | undefined,
  mustStop: () => boolean,
): Promise<MergedPage> {
  let boundary = startBoundary;
  await Promise.all(walksToReadFirst(walks, limit).map((walk) => walk.advance(boundary)));
  const rows: Row[] = [];
  while (rows.length < limit) {
    const earliest = earliestHead(walks);
    if (!earliest) return { rows, hasMore: false, boundary, stoppedShort: [] };
    if (!earliest.head.real) {
      const blocking = walksBlockingTheNextRow(walks, earliest.walk);
      if (mustStop()) return { rows, hasMore: true, boundary, stoppedShort: blocking };
      await Promise.all(blocking.map((walk) => walk.advance(boundary)));
      continue;
    }
    rows.push(earliest.walk.take());
    boundary = earliest.head.key;
  }
  return { rows, hasMore: await anyRowLeft(walks, boundary, mustStop), boundary, stoppedShort: [] };
}

/** After a full page: read on until some row is known to be left, so `hasMore` is exact. */
async function anyRowLeft(walks: SourceWalk[], boundary: RowKey | undefined, mustStop: () => boolean): Promise<boolean> {
  for (;;) {
    const heads = walks.map((walk) => walk.head()).filter((head) => head !== null);
    if (heads.length === 0) return false;
    if (heads.some((head) => head.real || head.known) || mustStop()) return true;
    await earliestHead(walks)!.walk.advance(boundary);
  }
}

/** The walks whose bounds lie before the earliest real row (just the earliest walk when no row is real yet). */
export function walksBlockingTheNextRow(walks: SourceWalk[], earliest: SourceWalk): SourceWalk[] {
  const heads = walks.map((walk) => ({ walk, head: walk.head() }));
  let firstReal: RowKey | undefined;
  for (const { head } of heads) {
    if (head?.real && (!firstReal || compareKeys(head.key, firstReal) < 0)) firstReal = head.key;
  }
  if (!firstReal) return [earliest];
  return heads
    .filter(({ head }) => head !== null && !head.real && compareKeys(head.key, firstReal!) < 0)
    .map(({ walk }) => walk);
}

export function earliestHead(walks: SourceWalk[]): { walk: SourceWalk; head: SourceHead } | undefined {
  let best: { walk: SourceWalk; head: SourceHead } | undefined;
  for (const walk of walks) {
    const head = walk.head();
    if (head === null) continue;
    if (!best || compareKeys(head.key, best.head.key) < 0) best = { walk, head };
  }
  return best;
}

/**
 * Sources to read concurrently before merging, so a page costs about one round trip:
 * every source not yet read, unless its cursor says at least `limit` known rows come
 * before its first unsent row (then this page cannot reach it).
 */
function walksToReadFirst(walks: SourceWalk[], limit: number): SourceWalk[] {
  return walks.filter((walk) => {
    if (walk.isMaterialized || walk.head() === null) return false;
    const ahead = walk.toCursor().ahead;
    return ahead === undefined || ahead < limit;
  });
}

/** Each source's resume point, with the count of known rows ahead of its head. */
export function cursorsOf(walks: SourceWalk[]): Record<string, SourceCursor> {
  const cursors = walks.map((walk) => ({ walk, cursor: walk.toCursor(), known: walk.knownKeys() }));
  return Object.fromEntries(
    cursors.map(({ walk, cursor }) => {
      const head = cursor.head;
      if (!head) return [walk.source.name, cursor];
      const ahead = cursors.reduce((sum, other) => (other.walk === walk ? sum : sum + knownBefore(other, head)), 0);
      return [walk.source.name, { ...cursor, ahead }];
    }),
  );
}

/**
 * How many of a source's known rows come before `key`. A source not read on this page
 * knows only its cursor: all its known rows when the last one is before `key`, else its
 * head row alone when that is a real row before `key`.
 */
function knownBefore(other: { cursor: SourceCursor; known: RowKey[] }, key: RowKey): number {
  if (other.known.length === 0) {
    const { head, headIsRow, tail, known } = other.cursor;
    if (tail && compareKeys(tail, key) < 0) return known;
    return head && headIsRow && compareKeys(head, key) < 0 ? 1 : 0;
  }
  let low = 0;
  let high = other.known.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(other.known[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
