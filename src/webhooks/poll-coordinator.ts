import { Mutex } from 'redis-semaphore';
import type { SharedStore } from '../store/shared-store.js';

/** Where an agent's poll goes on from: the sync token of its last whole walk, or the cursor of one cut short. */
export interface PollState {
  syncToken?: string;
  cursor?: string;
  /** Epoch ms, when the last poll of the agent ended (on any replica). */
  polledAt: number;
}

/**
 * One poller per agent across the fleet: a poll runs while holding the agent's lease, and
 * the state it leaves (token or cursor, and when it ended) is what the next poll, on any
 * replica, starts from. In this process without a store.
 */
export interface PollCoordinator {
  /** Runs `work` unless another poll of the agent runs now; false when one does. `work`'s signal aborts when the lease is lost. */
  exclusively(agentId: string, work: (signal: AbortSignal) => Promise<void>): Promise<boolean>;
  load(agentId: string): Promise<PollState | undefined>;
  save(agentId: string, state: PollState): Promise<void>;
}

export class LocalPollCoordinator implements PollCoordinator {
  private readonly running = new Set<string>();
  private readonly states = new Map<string, PollState>();

  async exclusively(agentId: string, work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
    if (this.running.has(agentId)) return false;
    this.running.add(agentId);
    try {
      await work(new AbortController().signal);
      return true;
    } finally {
      this.running.delete(agentId);
    }
  }

  async load(agentId: string): Promise<PollState | undefined> {
    return this.states.get(agentId);
  }

  async save(agentId: string, state: PollState): Promise<void> {
    this.states.set(agentId, state);
  }
}

/** How long a poll's lease lasts unless renewed; it is renewed every third of it while the poll runs. */
const LEASE_MS = 30_000;

/**
 * The lease is redis-semaphore's `Mutex` (taken in one round trip, renewed while held,
 * released only by its holder). A replica that cannot reach Redis polls nothing: it could
 * not tell whether another replica polls, and its deliveries could not be queued anyway.
 */
export class FleetPollCoordinator implements PollCoordinator {
  constructor(private readonly store: SharedStore) {}

  async exclusively(agentId: string, work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
    const lost = new AbortController();
    const lease = new Mutex(this.store.redis, `webhooks:poll-lease:${agentId}`, {
      lockTimeout: LEASE_MS,
      acquireAttemptsLimit: 1,
      refreshInterval: LEASE_MS / 3,
      onLockLost: (error) => lost.abort(error),
    });
    if (!(await lease.tryAcquire())) return false;
    try {
      await work(lost.signal);
      return true;
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  async load(agentId: string): Promise<PollState | undefined> {
    const text = await this.store.redis.get(`webhooks:poll:${agentId}`);
    return text === null ? undefined : (JSON.parse(text) as PollState);
  }

  async save(agentId: string, state: PollState): Promise<void> {
    await this.store.redis.set(`webhooks:poll:${agentId}`, JSON.stringify(state));
  }
}
