import { STALL_CATEGORIES, type StallCategory } from '../contract/index.js';
import type { MonitorRequest } from '../monitor/monitor-request.js';
import { agentIdParamsSchema } from './route-schemas.js';

/** The query string of `GET /v1/monitor/stalled`, as the schema lets it through. */
export interface MonitorQuery {
  category?: StallCategory;
  thresholdMinutes?: number;
  skipThreshold?: 'true' | 'false';
  agentId?: string;
  departmentId?: string;
  limit?: number;
  cursor?: string;
}

/** A month: a longer threshold is a typo, not a monitor. */
const MAX_THRESHOLD_MINUTES = 43_200;

export const monitorQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    category: { type: 'string', enum: [...STALL_CATEGORIES], description: 'One category; both when absent' },
    thresholdMinutes: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_THRESHOLD_MINUTES,
      description: 'Minutes a conversation must wait to count as stalled; default monitor.thresholdMinutes (30)',
    },
    skipThreshold: { type: 'string', enum: ['true', 'false'], description: 'true: every candidate, whatever its wait' },
    agentId: { ...agentIdParamsSchema.properties.agentId, description: 'One logical agent; every agent the caller may read when absent' },
    departmentId: { type: 'string', minLength: 1, maxLength: 100, description: "The logical agents' department" },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Rows per page, 1–100' },
    cursor: { type: 'string', minLength: 1, maxLength: 8192, description: 'nextCursor of the previous page' },
  },
} as const;

export function parseMonitorQuery(query: MonitorQuery, defaultThresholdMinutes: number): MonitorRequest {
  const request: MonitorRequest = {
    categories: query.category === undefined ? [...STALL_CATEGORIES] : [query.category],
    thresholdMinutes: query.thresholdMinutes ?? defaultThresholdMinutes,
    skipThreshold: query.skipThreshold === 'true',
    limit: query.limit ?? 20,
  };
  if (query.agentId !== undefined) request.agentId = query.agentId;
  if (query.departmentId !== undefined) request.departmentId = query.departmentId;
  if (query.cursor !== undefined) request.cursor = query.cursor;
  return request;
}
