import autocannon from 'autocannon';

/** What one load run gives the benches: requests a second, latency percentiles and the answers that were not 2xx. */
export interface RunFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** One autocannon run, reduced to its figures. */
export async function runLoad(options: autocannon.Options): Promise<RunFigures> {
  const result = await autocannon(options);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}
