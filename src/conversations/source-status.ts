/** How a source ended up on a page (`sources[].status`). Imports nothing, so the explorer's bundle can take it. */
export const SOURCE_STATUSES = ['ok', 'error', 'timeout', 'rate_limited', 'circuit_open', 'skipped'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];
