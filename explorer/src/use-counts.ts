import { useEffect, useState } from 'preact/hooks';
import type { Counts, CountStop } from './api-types.js';
import { readCounts } from './api.js';

export type CountsState = { status: 'counting' } | { status: 'counted'; counts: Counts } | { status: 'failed'; message: string };

/**
 * The counts of the list's filter, asked once `start` is true (after the first page, so
 * the count's vendor calls never hold up the first rows). A new `key` abandons the count
 * in flight: the gateway stops its vendor reads when its caller leaves.
 */
export function useCounts(agentId: string, query: URLSearchParams, token: string, key: string, start: boolean): CountsState {
  const [state, setState] = useState<CountsState>({ status: 'counting' });
  useEffect(() => setState({ status: 'counting' }), [key]);
  useEffect(() => {
    if (!start) return;
    const controller = new AbortController();
    readCounts(agentId, query, token, controller.signal)
      .then((counts) => setState({ status: 'counted', counts }))
      .catch((error: Error) => controller.signal.aborted || setState({ status: 'failed', message: error.message }));
    return () => controller.abort();
  }, [key, start]);
  return state;
}

const STOPS: Record<CountStop, string> = {
  calls: "the count's vendor-call budget was spent",
  'rate-limited': 'your rate limit was spent',
  deadline: 'the request deadline passed',
  cancelled: 'the count was cancelled',
  source: 'a source did not answer in full',
};

/** Why counts are lower bounds, in words. */
export function partialCountReason(counts: Counts): string {
  return counts.partialBecause.map((stop) => STOPS[stop]).join('; ');
}

/** A count as shown: `≥ n` where counting stopped before the end, so it is a lower bound. */
export function shownCount(count: number, partial: boolean): string {
  return `${partial ? '≥ ' : ''}${count.toLocaleString('en')}`;
}
