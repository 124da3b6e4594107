import type { LogicalAgent } from '../agents/agent-directory.js';
import type { PageDependencies } from '../conversations/page-request.js';
import { GatewayError } from '../errors.js';
import { MergedRowSource } from '../export/merged-row-source.js';
import type { ExportRequest } from '../export/export-request.js';
import { filterFingerprint } from '../filters/conversation-filters.js';
import type { ChangePublisher } from './change-publisher.js';
import type { PollCoordinator, PollState } from './poll-coordinator.js';

export type PollOutcome = 'complete' | 'cut' | 'failed' | 'skipped';

export interface PollReport {
  outcome: PollOutcome;
  vendorCalls: number;
  rows: number;
}

export interface AgentPollerOptions {
  deps: PageDependencies;
  agents: ReadonlyMap<string, LogicalAgent>;
  publisher: ChangePublisher;
  coordinator: PollCoordinator;
  intervalMs: number;
  /** Vendor calls one poll of one agent may make; a poll cut there goes on from its cursor next time. */
  maxVendorCalls: number;
  /** Told of every poll this replica ran (metrics). */
  onPoll(agentId: string, report: PollReport): void;
  onError(agentId: string, error: unknown): void;
}

/**
 * The polling backstop: every `intervalMs`, each subscribed agent's changes are read with
 * its sync token through the same merged walk as an export (`MergedRowSource`: the one
 * paginator, the vendor-call pipeline, a call budget) and published. The first poll starts
 * from a token minted at that moment, so only what changes from then on is sent. A walk cut
 * short (budget, failed source) leaves its cursor, and the next poll goes on from it.
 * Its vendor calls are charged to no caller's rate limit; they are counted in the metrics.
 */
export class AgentPoller {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly stop = new AbortController();

  constructor(private readonly options: AgentPollerOptions) {}

  start(agentIds: readonly string[]): void {
    for (const agentId of agentIds) this.schedule(agentId, 0);
  }

  /** Polls one agent now, unless another replica does or did within the interval. */
  async poll(agentId: string, force = false): Promise<PollReport> {
    const { coordinator, intervalMs } = this.options;
    let report: PollReport = { outcome: 'skipped', vendorCalls: 0, rows: 0 };
    await coordinator.exclusively(agentId, async (leaseLost) => {
      const state = await coordinator.load(agentId);
      // Another replica polled it within this interval (a little early is fine: timers drift).
      if (!force && state && Date.now() - state.polledAt < intervalMs * 0.8) return;
      report = await this.walk(agentId, state, AbortSignal.any([leaseLost, this.stop.signal]));
    });
    return report;
  }

  close(): void {
    this.stop.abort(new Error('the gateway is shutting down'));
    for (const timer of this.timers.values()) clearTimeout(timer);
  }

  private schedule(agentId: string, delayMs: number): void {
    if (this.stop.signal.aborted) return;
    const timer = setTimeout(async () => {
      try {
        const report = await this.poll(agentId);
        if (report.outcome !== 'skipped') this.options.onPoll(agentId, report);
      } catch (error) {
        this.options.onError(agentId, error);
      }
      this.schedule(agentId, this.options.intervalMs);
    }, delayMs);
    timer.unref();
    this.timers.set(agentId, timer);
  }

  private async walk(agentId: string, state: PollState | undefined, cancel: AbortSignal): Promise<PollReport> {
    const { deps, publisher, coordinator } = this.options;
    const agent = this.options.agents.get(agentId)!;
    const request: ExportRequest = {
      agent,
      callerOrg: agent.org,
      filters: {},
      ...(state?.cursor ? { cursor: state.cursor } : { syncToken: state?.syncToken ?? this.tokenFromNow(agent) }),
      includeRaw: false,
      includeSummary: true,
    };
    const source = new MergedRowSource(deps, request, {
      cancel,
      maxVendorCalls: this.options.maxVendorCalls,
      // A poll with nothing changed stops on its first page: pages guessed ahead would be wasted calls.
      readAheadPages: 0,
    });
    let rows = 0;
    try {
      for (let row = await source.next(); row; row = await source.next()) {
        await publisher.publish(agentId, row);
        rows += 1;
      }
    } catch (error) {
      // A token or cursor no longer valid (rotated secrets, changed sources): start again from now.
      if (error instanceof GatewayError && error.status === 400) {
        await coordinator.save(agentId, { syncToken: this.tokenFromNow(agent), polledAt: Date.now() });
        return { outcome: 'failed', vendorCalls: source.vendorCalls(), rows };
      }
      if (error instanceof GatewayError) return { outcome: 'failed', vendorCalls: source.vendorCalls(), rows };
      throw error;
    } finally {
      source.close();
    }
    const syncToken = source.syncToken();
    const cursor = syncToken ? null : await source.cursor();
    const next: PollState = syncToken ? { syncToken, polledAt: Date.now() } : cursor ? { cursor, polledAt: Date.now() } : { ...state, polledAt: Date.now() };
    if (!cancel.aborted) await coordinator.save(agentId, next);
    return { outcome: syncToken ? 'complete' : 'cut', vendorCalls: source.vendorCalls(), rows };
  }

  /** A token as if a walk of every source had ended now: the first poll sends what changes from here on. */
  private tokenFromNow(agent: LogicalAgent): string {
    const { deps } = this.options;
    if (!deps.syncTokens) throw new Error('polling needs the sync token codec');
    const fingerprint = filterFingerprint({}, agent.sources.map((source) => source.runtime.name));
    return deps.syncTokens.encode({ agentId: agent.id, org: agent.org, filters: fingerprint, watermark: deps.now() });
  }
}
