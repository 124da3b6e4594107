import type { StallCategory } from '../contract/index.js';

/** A parsed `GET /v1/monitor/stalled` query. */
export interface MonitorRequest {
  /** The categories asked for; both when the query names none. */
  categories: StallCategory[];
  thresholdMinutes: number;
  /** Every candidate, whatever its wait (as Tether's `skipThreshold`). */
  skipThreshold: boolean;
  /** One logical agent; else every agent the caller may read. */
  agentId?: string;
  /** The logical agents' department (the config's `department`). */
  departmentId?: string;
  limit: number;
  cursor?: string;
}
