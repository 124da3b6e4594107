import type { RowKey } from '../merge/row-key.js';

/**
 * The monitor's total order: longest waiting first, i.e. `latestInboundAt` ascending,
 * unknown times last, then row `id` ascending. A key has the shape of the merge's
 * `RowKey` (`t` is `latestInboundAt` here), so the signed cursor carries it unchanged.
 */
export function compareStallKeys(a: RowKey, b: RowKey): number {
  if (a.t !== b.t) {
    if (a.t === null) return 1;
    if (b.t === null) return -1;
    return a.t - b.t;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
