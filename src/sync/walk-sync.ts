import { GatewayError } from '../errors.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import type { SourceRuntime } from '../merge/source-runtime.js';
import type { SyncTokenCodec } from './sync-token-codec.js';

/** What every cursor of a walk carries for incremental sync. */
export interface WalkSync {
  /** When the walk's first page was asked for, epoch ms on the gateway's clock. */
  startedAt: number;
  /** A delta walk: the watermark of the sync token it began from. */
  from?: number;
  /** A page of the walk missed rows (a failed or stale source): its end issues no token. */
  broken?: true;
}

/** Added to every source's declared lag: the gateway's and the vendors' clocks may disagree this much. */
export const CLOCK_SKEW_ALLOWANCE_MS = 120_000;

/** For adapters that declare no change lag. */
export const DEFAULT_CHANGE_LAG_SECONDS = 60;

/** How far before a change becomes visible in the vendor's list a row's `lastActivityAt` may lie. */
export function changeLagMs(source: SourceRuntime): number {
  return (source.adapter.changeLagSeconds ?? DEFAULT_CHANGE_LAG_SECONDS) * 1000;
}

export interface WalkSyncInput {
  /** Without a codec no walk issues a sync token and `syncToken` is refused. */
  codec: SyncTokenCodec | undefined;
  agentId: string;
  org: string;
  fingerprint: string;
  filters: ConversationFilters;
  now: number;
  /** The resumed cursor's sync state (a cursor issued before sync existed has none). */
  resumed: WalkSync | undefined;
  cursorGiven: boolean;
  syncToken: string | undefined;
}

export interface WalkSyncPlan {
  /** Goes into every cursor of the walk; undefined for a walk whose start is unknown. */
  readonly state: WalkSync | undefined;
  /**
   * A source failed (its rows on that page are gone from this walk) or served stale pages:
   * the walk's end issues no token, so the next walk is a full one and misses nothing.
   */
  markRowsMissed(missed: boolean): void;
  /** The walk's filters for one source: a delta walk starts at the watermark minus the source's lag. */
  filtersFor(source: SourceRuntime): ConversationFilters;
  /** The token the walk's last page carries: the next delta starts where this walk began. */
  token(): string | undefined;
}

/**
 * A delta walk is the filtered walk restricted, per source, to
 * `lastActivityAt >= watermark - (the source's change lag + clock-skew allowance)`: any row
 * inserted or touched after the issuing walk began has a last activity at least that late,
 * so none is missed, and one walk has no duplicates. Unchanged rows repeated are those in
 * that margin.
 */
export function planWalkSync(input: WalkSyncInput): WalkSyncPlan {
  let state = syncStateOf(input);
  const filtersFor = (source: SourceRuntime): ConversationFilters => {
    if (state?.from === undefined) return input.filters;
    const floor = state.from - changeLagMs(source) - CLOCK_SKEW_ALLOWANCE_MS;
    return { ...input.filters, since: Math.max(input.filters.since ?? Number.NEGATIVE_INFINITY, floor) };
  };
  const token = (): string | undefined =>
    state && !state.broken && input.codec
      ? input.codec.encode({ agentId: input.agentId, org: input.org, filters: input.fingerprint, watermark: state.startedAt })
      : undefined;
  const markRowsMissed = (missed: boolean): void => {
    if (missed && state) state = { ...state, broken: true };
  };
  return {
    get state() {
      return state;
    },
    markRowsMissed,
    filtersFor,
    token,
  };
}

function syncStateOf(input: WalkSyncInput): WalkSync | undefined {
  if (input.syncToken !== undefined) {
    if (input.cursorGiven) throw new GatewayError('BAD_REQUEST', 'syncToken starts a walk; later pages take only the cursor, which carries it');
    if (!input.codec) throw new GatewayError('BAD_REQUEST', 'syncToken is not available on this walk');
    const token = input.codec.decode(input.syncToken, { agentId: input.agentId, org: input.org, filters: input.fingerprint });
    return { startedAt: input.now, from: token.watermark };
  }
  if (!input.cursorGiven) return { startedAt: input.now };
  return isWalkSync(input.resumed) ? input.resumed : undefined;
}

function isWalkSync(value: unknown): value is WalkSync {
  if (value === null || typeof value !== 'object') return false;
  const sync = value as Partial<WalkSync>;
  return (
    typeof sync.startedAt === 'number' && (sync.from === undefined || typeof sync.from === 'number') && (sync.broken === undefined || sync.broken === true)
  );
}
