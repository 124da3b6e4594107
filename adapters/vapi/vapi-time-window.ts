import { isoToMs, msToIso } from '../../src/contract/index.js';
import type { VapiCall } from './vapi-types.js';

/**
 * Vapi pages by time window: the next page is `createdAtLe` = the last call's `createdAt`.
 * Several calls can share one `createdAt`, and a page can end inside such a tie, so the
 * tie at the end of a page is held back and read whole on the next page: no call is read
 * twice. The adapter-made cursor is `le:<iso>` or, after a page that was one tie only,
 * `lt:<iso>`.
 */

export interface UpperBound {
  /** `le`: createdAt ≤ at; `lt`: createdAt < at. */
  kind: 'le' | 'lt';
  at: number;
}

export function encodeCursor(bound: UpperBound): string {
  return `${bound.kind}:${msToIso(bound.at)}`;
}

export function decodeCursor(cursor: string | null | undefined): UpperBound | undefined {
  const match = /^(le|lt):(.+)$/.exec(cursor ?? '');
  const at = match ? isoToMs(match[2]) : null;
  return match && at !== null ? { kind: match[1] as 'le' | 'lt', at } : undefined;
}

/** The tighter of two upper bounds. */
export function tighter(a: UpperBound | undefined, b: UpperBound | undefined): UpperBound | undefined {
  if (!a || !b) return a ?? b;
  if (a.at !== b.at) return a.at < b.at ? a : b;
  return a.kind === 'lt' ? a : b;
}

/**
 * The calls of a page that can be sent now and the cursor of the rest. A page shorter
 * than the size asked for is the last. A page that is one tie only cannot be split: it
 * is sent whole and the next page starts below it (a tie larger than the page size would
 * lose calls; Vapi has no offset to read past one).
 */
export function splitPage(calls: VapiCall[], pageSize?: number): { records: VapiCall[]; nextCursor: string | null } {
  if (calls.length === 0 || (pageSize !== undefined && calls.length < pageSize)) return { records: calls, nextCursor: null };
  const lastAt = isoToMs(calls[calls.length - 1]!.createdAt);
  if (lastAt === null) return { records: calls, nextCursor: null };
  let kept = calls.length;
  while (kept > 0 && isoToMs(calls[kept - 1]!.createdAt) === lastAt) kept -= 1;
  if (kept === 0) return { records: calls, nextCursor: encodeCursor({ kind: 'lt', at: lastAt }) };
  return { records: calls.slice(0, kept), nextCursor: encodeCursor({ kind: 'le', at: lastAt }) };
}
