import { createHash } from 'node:crypto';
import type { CursorCodec } from '../cursor/cursor-codec.js';
import type { WalkCursor } from '../cursor/walk-cursor.js';
import { GatewayError } from '../errors.js';
import type { RowKey } from '../merge/row-key.js';
import type { MonitorRequest } from './monitor-request.js';

/**
 * The monitor's cursor: the conversations endpoint's signed cursor (same codec, secret,
 * expiry and errors) with no per-source state, the last row sent and the walk's clock.
 * Every page of a walk judges waits at `asOf`, the first page's time, so the set of
 * stalled conversations does not move under the walk.
 */
interface MonitorCursor extends WalkCursor {
  asOf: number;
}

export interface MonitorBinding {
  /** `monitor:<agentId>` or `monitor:*`: never equal to a conversations cursor's agent. */
  scope: string;
  org: string;
  /** Digest of the query and the agents it covers. */
  filters: string;
}

export function monitorBinding(request: MonitorRequest, org: string, agentIds: string[]): MonitorBinding {
  const canonical = JSON.stringify([
    'monitor',
    [...request.categories].sort(),
    request.thresholdMinutes,
    request.skipThreshold,
    request.departmentId ?? null,
    [...agentIds].sort(),
  ]);
  return {
    scope: `monitor:${request.agentId ?? '*'}`,
    org,
    filters: createHash('sha256').update(canonical).digest('base64url').slice(0, 22),
  };
}

export function decodeMonitorCursor(codec: CursorCodec, token: string, binding: MonitorBinding, now: number): { boundary?: RowKey; asOf: number } {
  const cursor = codec.decode(token, { agentId: binding.scope, org: binding.org, filters: binding.filters, now }) as Partial<MonitorCursor>;
  if (typeof cursor.asOf !== 'number' || !Number.isFinite(cursor.asOf)) throw new GatewayError('INVALID_CURSOR');
  return cursor.boundary === undefined ? { asOf: cursor.asOf } : { boundary: cursor.boundary, asOf: cursor.asOf };
}

export function encodeMonitorCursor(codec: CursorCodec, binding: MonitorBinding, state: { boundary: RowKey; asOf: number; expiresAt: number }): string {
  const cursor: MonitorCursor = {
    agentId: binding.scope,
    org: binding.org,
    filters: binding.filters,
    expiresAt: state.expiresAt,
    boundary: state.boundary,
    sources: {},
    asOf: state.asOf,
  };
  return codec.encode(cursor);
}
