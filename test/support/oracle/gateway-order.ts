/**
 * The gateway's row order, written again from the README and nothing else, so a test
 * judged by it cannot agree with a bug in the code's own comparison: `lastActivityAt`
 * descending, rows without it last, then `id` ascending by UTF-16 code units.
 */

interface Ordered {
  id: string;
  /** Epoch ms, or null when the row has no last activity. */
  time: number | null;
}

/** A new array in the gateway order; the input is left alone. */
export function inGatewayOrder<T extends Ordered>(items: readonly T[]): T[] {
  const timed = items.filter((item) => item.time !== null);
  const untimed = items.filter((item) => item.time === null);
  const newestFirst = [...timed].sort((a, b) => {
    if (a.time! > b.time!) return -1;
    if (a.time! < b.time!) return 1;
    return byId(a.id, b.id);
  });
  return [...newestFirst, ...[...untimed].sort((a, b) => byId(a.id, b.id))];
}

/** Rows of the endpoint in the gateway order. */
export function rowsInGatewayOrder<T extends { id: string; lastActivityAt: string | null }>(rows: readonly T[]): T[] {
  const items = rows.map((row) => ({ id: row.id, time: row.lastActivityAt === null ? null : new Date(row.lastActivityAt).getTime(), row }));
  return inGatewayOrder(items).map((item) => item.row);
}

function byId(a: string, b: string): number {
  // Plain code-unit comparison, spelled out: no locale, no numeric collation.
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = a.charCodeAt(index) - b.charCodeAt(index);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}
