import type { Row } from '../contract/index.js';
import type { SourceWalk } from '../merge/source-walk.js';

/**
 * Every row of one source's window, through the ordinary walk (its pagination, order
 * and stop rules). Ends when the walk has nothing more or fails (see `walk.failed`);
 * the walk's page cap bounds the reads.
 */
export async function readEveryRow(walk: SourceWalk): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const head = walk.head();
    if (head === null) return rows;
    if (head.real) rows.push(walk.take());
    else await walk.advance(undefined);
  }
}
