import type { PagePosition } from '../contract/index.js';
import { positionKey } from '../paging/page-positions.js';
import { compareKeys, earliestKeyAt, type RowKey } from './row-key.js';

/** One vendor page a walk read, and the smallest native key read once it was consumed. */
export interface PageLogEntry {
  position: PagePosition;
  frontier: number | null | undefined;
}

const MAX_READ_AHEAD = 3;

/**
 * The pages after the resume page that were needed to prove the source's head row in
 * order: the next request will need them again, so it may read them with the first.
 */
export function pagesToReadAhead(log: readonly PageLogEntry[], resume: PagePosition, head: RowKey, lagMs: number): PagePosition[] {
  const start = log.findIndex((entry) => positionKey(entry.position) === positionKey(resume));
  if (start < 0) return [];
  const ahead: PagePosition[] = [];
  for (let index = start; index + 1 < log.length && ahead.length < MAX_READ_AHEAD; index += 1) {
    const { frontier } = log[index]!;
    const bound = frontier === undefined ? undefined : earliestKeyAt(frontier === null ? null : frontier + lagMs);
    if (bound && compareKeys(head, bound) < 0) break;
    ahead.push(log[index + 1]!.position);
  }
  return ahead;
}
