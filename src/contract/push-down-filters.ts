/**
 * The row filters of a gateway request that an adapter may push down to its vendor, in
 * the row's own units. Pushing down only narrows what the vendor sends: the gateway still
 * applies every filter exactly afterwards, so an adapter sends a filter only where the
 * vendor's version keeps every row the gateway's keeps (widened where units differ).
 */
export interface PushDownFilters {
  minDurationSec?: number;
  maxDurationSec?: number;
  successful?: boolean;
  minRating?: number;
  maxRating?: number;
  /** Rows with any of these tags. */
  tags?: string[];
}
