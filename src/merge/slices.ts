/**
 * Work over a whole vendor page runs in slices of this many records, yielding to the
 * event loop between them: a vendor that sends a huge page never holds up other requests
 * (or `/healthz`) for long.
 */
export const RECORDS_PER_SLICE = 2_000;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
