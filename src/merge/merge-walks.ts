import type { Row } from '../contract/index.js';
import { compareKeys, type RowKey } from './row-key.js';
import type { SourceHead, SourceWalk } from './source-walk.js';

export interface MergedPage {
  rows: Row[];
  hasMore: boolean;
}

/**
 * The k-way merge: repeatedly sends the earliest head among the sources, reading a
 * source only when its head is the earliest and not yet a real row. A source whose next
 * rows provably lie beyond this page is never read (DESIGN §5: O(N) vendor requests).
 */
export async function mergeWalks(
  walks: SourceWalk[],
  limit: number,
  boundary: { key: RowKey | undefined },
  isPastDeadline: () => boolean,
): Promise<MergedPage> {
  await Promise.all(walksToReadFirst(walks, limit).map((walk) => walk.advance()));
  const rows: Row[] = [];
  while (rows.length < limit) {
    const earliest = earliestHead(walks);
    if (!earliest) return { rows, hasMore: false };
    if (!earliest.head.real) {
      if (isPastDeadline()) break;
      await earliest.walk.advance();
      continue;
    }
    const row = earliest.walk.take();
    boundary.key = earliest.head.key;
    rows.push(row);
  }
  return { rows, hasMore: await anyRowLeft(walks, isPastDeadline) };
}

/** After a full page: read on until the next row is known, so `hasMore` is exact. */
async function anyRowLeft(walks: SourceWalk[], isPastDeadline: () => boolean): Promise<boolean> {
  for (;;) {
    const earliest = earliestHead(walks);
    if (!earliest) return false;
    if (earliest.head.real || isPastDeadline()) return true;
    await earliest.walk.advance();
  }
}

function earliestHead(walks: SourceWalk[]): { walk: SourceWalk; head: SourceHead } | undefined {
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
 * every source not yet read, unless its cursor proves that at least `limit` rows
 * already known from other sources come before its first unsent row.
 */
function walksToReadFirst(walks: SourceWalk[], limit: number): SourceWalk[] {
  const cursors = walks.map((walk) => ({ walk, cursor: walk.toCursor(), head: walk.head() }));
  return cursors
    .filter(({ walk, cursor, head }) => {
      if (walk.isMaterialized || head === null) return false;
      if (cursor.head === undefined || cursor.head === null) return true;
      const headKey = cursor.head;
      const rowsBefore = cursors.reduce((sum, other) => {
        if (other.walk === walk || !other.cursor.tail) return sum;
        return compareKeys(other.cursor.tail, headKey) < 0 ? sum + other.cursor.known : sum;
      }, 0);
      return rowsBefore < limit;
    })
    .map(({ walk }) => walk);
}
