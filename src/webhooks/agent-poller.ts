import type { LogicalAgent } from '../agents/agent-directory.js';
import type { PageDependencies } from '../conversations/page-request.js';
import { GatewayError } from '../errors.js';
import { MergedRowSource } from '../export/merged-row-source.js';
import type { ExportRequest } from '../export/export-request.js';
import { filterFingerprint } from '../filters/conversation-filters.js';
import { changeLagMs, CLOCK_SKEW_ALLOWANCE_MS } from '../sync/walk-sync.js';
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
  private readonly eventReads = new Map<string, { again: boolean; done: Promise<PollReport> }>();

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

  /**
   * A vendor event said one of the agent's conversations on `connection` changed: that one
   * source is read, only as far back as a change can lie behind its last activity, through
   * the same walk (budget `maxVendorCalls`), and what it finds is published. The event's
   * conversation is among it; anything else read there is published too (a repeat is dropped).
   * Reads for the same agent and connection asked while one runs are folded into one more.
   */
  async readAfterEvent(agentId: string, connection: string): Promise<PollReport> {
    const key = `${agentId}|${connection}`;
    const running = this.eventReads.get(key);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry = { again: false, done: Promise.resolve<PollReport>({ outcome: 'skipped', vendorCalls: 0, rows: 0 }) };
    entry.done = (async () => {
      let report: PollReport;
      do {
        entry.again = false;
        report = await this.targetedWalk(agentId, connection);
      } while (entry.again && !this.stop.signal.aborted);
      return report;
    })().finally(() => this.eventReads.delete(key));
    this.eventReads.set(key, entry);
    return entry.done;
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

  private async targetedWalk(agentId: string, connection: string): Promise<PollReport> {
    const agent = this.options.agents.get(agentId)!;
    const bound = agent.sources.find((source) => source.runtime.name === connection)!;
    const since = this.options.deps.now() - changeLagMs(bound.runtime) - CLOCK_SKEW_ALLOWANCE_MS;
    const request: ExportRequest = { agent, callerOrg: agent.org, filters: { since }, sources: [connection], includeRaw: false, includeSummary: true };
    const { source, rows } = await this.publishAll(agentId, request, this.stop.signal);
    return { outcome: source.complete() ? 'complete' : 'cut', vendorCalls: source.vendorCalls(), rows };
  }

  /** Every row of the walk `request` asks for, published; the walk is closed when done. */
  private async publishAll(agentId: string, request: ExportRequest, cancel: AbortSignal): Promise<{ source: MergedRowSource; rows: number }> {
    const source = new MergedRowSource(this.options.deps, request, {
      cancel,
      maxVendorCalls: this.options.maxVendorCalls,
      // A poll with nothing changed stops on its first page: pages guessed ahead would be wasted calls.
      readAheadPages: 0,
    });
    let rows = 0;
    try {
      for (let row = await source.next(); row; row = await source.next()) {
        await this.options.publisher.publish(agentId, row);
        rows += 1;
      }
      return { source, rows };
    } finally {
      source.close();
    }
  }

  private async walk(agentId: string, state: PollState | undefined, cancel: AbortSignal): Promise<PollReport> {
    const { coordinator } = this.options;
    const agent = this.options.agents.get(agentId)!;
    const request: ExportRequest = {
      agent,
      callerOrg: agent.org,
      filters: {},
      ...(state?.cursor ? { cursor: state.cursor } : { syncToken: state?.syncToken ?? this.tokenFromNow(agent) }),
      includeRaw: false,
      includeSummary: true,
    };
    let walked: { source: MergedRowSource; rows: number };
    try {
      walked = await this.publishAll(agentId, request, cancel);
    } catch (error) {
      // A token or cursor no longer valid (rotated secrets, changed sources): start again from now.
      if (error instanceof GatewayError && error.status === 400) {
        await coordinator.save(agentId, { syncToken: this.tokenFromNow(agent), polledAt: Date.now() });
        return { outcome: 'failed', vendorCalls: 0, rows: 0 };
      }
      if (error instanceof GatewayError) return { outcome: 'failed', vendorCalls: 0, rows: 0 };
      throw error;
    }
    const { source, rows } = walked;
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
