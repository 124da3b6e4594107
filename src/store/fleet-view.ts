import type { ConnectionReport } from '../upstream/connection-health.js';
import type { FleetHealthView } from './fleet-guard.js';

/**
 * One entry of `GET /v1/connections` as the fleet sees it: a breaker open anywhere in the
 * fleet shows open here too, and a pending `Retry-After` shows as `rateLimitedUntil`.
 * The call counts and latencies stay this replica's own.
 */
export function withFleetView(local: ConnectionReport, fleet: FleetHealthView | undefined): ConnectionReport & { rateLimitedUntil?: string | null } {
  if (!fleet) return local;
  const breaker = fleet.breaker && local.breaker.state === 'closed' ? { ...local.breaker, ...fleet.breaker } : local.breaker;
  return { ...local, breaker, rateLimitedUntil: fleet.rateLimitedUntil };
}
