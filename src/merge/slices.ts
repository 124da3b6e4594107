/**
 * Work over a whole vendor page runs in slices of this many records, yielding to the
 * event loop between them: a vendor that sends a huge page never holds up other requests
 * (or `/healthz`) for long.
 */
export const RECORDS_PER_SLICE = 500;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `mergeSorted`, yielding to the event loop after every slice of merged items. */
export async function mergeSortedInSlices<T>(left: readonly T[], right: readonly T[], compare: (a: T, b: T) => number): Promise<T[]> {
  const merged: T[] = [];
  let a = 0;
  let b = 0;
  while (a < left.length && b < right.length) {
    const stop = merged.length + RECORDS_PER_SLICE;
    while (merged.length < stop && a < left.length && b < right.length) merged.push(compare(left[a]!, right[b]!) <= 0 ? left[a++]! : right[b++]!);
    await yieldToEventLoop();
  }
  while (a < left.length) merged.push(left[a++]!);
  while (b < right.length) merged.push(right[b++]!);
  return merged;
}

/** Two lists, each in `compare`'s order, as one in one linear pass; on a tie `left` goes first. */
export function mergeSorted<T>(left: readonly T[], right: readonly T[], compare: (a: T, b: T) => number): T[] {
  const merged: T[] = [];
  let a = 0;
  let b = 0;
  while (a < left.length && b < right.length) merged.push(compare(left[a]!, right[b]!) <= 0 ? left[a++]! : right[b++]!);
  while (a < left.length) merged.push(left[a++]!);
  while (b < right.length) merged.push(right[b++]!);
  return merged;
}
