import { Redis, type ChainableCommander } from 'ioredis';
import { DEFAULT_STORE_COMMAND_TIMEOUT_MS, DEFAULT_STORE_KEY_PREFIX, type RedisStoreConfig } from '../config/gateway-config.js';
import { CircuitBreaker } from '../upstream/circuit-breaker.js';
import { VendorFailure } from '../upstream/vendor-failure.js';

const MAX_PAUSE_MS = 5_000;

/** `off`: no store configured; `down`: configured, but this replica runs on its own state. */
export type StoreState = 'off' | 'up' | 'down';

export interface StoreOptions {
  /** After a command failed or timed out, Redis is left alone this long (default 1 s), twice as long after each further failure. */
  pauseAfterFailureMs?: number;
  now?: () => number;
}

/**
 * The one Redis connection of a replica, shared by every fleet-wide feature. Redis is
 * a helper, never a dependency: every command has a short timeout, nothing is queued
 * while the connection is down, and a failure makes the caller use its in-process
 * state (`attempt`'s fallback). After a failure Redis is skipped for a moment, longer
 * after each failure in a row (up to 5 s), so a Redis that hangs costs one timeout per
 * pause rather than one per request: the gateway's one breaker type, opened by a single
 * failure, its cool-down doubling, one command let through as its probe. ioredis
 * reconnects on its own; the state changes are reported once each to `onStateChange`.
 */
export class SharedStore {
  readonly redis: Redis;
  private connected = false;
  private readonly breaker: CircuitBreaker;
  private reported: StoreState = 'up';
  private listener: (state: StoreState, reason: string) => void = () => undefined;
  private readonly timeoutMs: number;

  constructor(config: RedisStoreConfig, options: StoreOptions = {}) {
    const pauseMs = options.pauseAfterFailureMs ?? 1_000;
    this.breaker = new CircuitBreaker(
      { threshold: 1, cooldownMs: (opens) => Math.min(MAX_PAUSE_MS, pauseMs * 2 ** (opens - 1)), counts: () => true },
      options.now ?? Date.now,
    );
    const timeoutMs = config.commandTimeoutMs ?? DEFAULT_STORE_COMMAND_TIMEOUT_MS;
    this.timeoutMs = timeoutMs;
    this.redis = new Redis(config.url, {
      keyPrefix: config.keyPrefix ?? DEFAULT_STORE_KEY_PREFIX,
      // `attempt` gives up after `timeoutMs`; this only drops what a hung Redis never answers
      // (long enough never to fire before a busy process has read an answer that came in time).
      commandTimeout: Math.max(20 * timeoutMs, 5_000),
      // A replica starting under load may take a while to connect; commands meanwhile fall back at once.
      connectTimeout: Math.max(timeoutMs, 3_000),
      enableOfflineQueue: false,
      // Commands issued together (a Promise.all) travel in one round trip.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 0,
      // Reconnect forever, at most a second apart.
      retryStrategy: (times) => Math.min(100 * times, 1_000),
    });
    this.redis.on('ready', () => {
      this.connected = true;
      this.report('up', 'connected');
    });
    this.redis.on('close', () => {
      this.connected = false;
      this.report('down', 'connection closed');
    });
    // Connection errors are followed by `close`; without a listener ioredis would print them.
    this.redis.on('error', () => undefined);
  }

  get state(): StoreState {
    return this.connected && this.breaker.admitting ? 'up' : 'down';
  }

  /** Called once per change between up and down, with why (never the URL). */
  onStateChange(listener: (state: StoreState, reason: string) => void): void {
    this.listener = listener;
    // The first connection attempt may have failed before anyone listened.
    if (this.reported === 'down') listener('down', 'not connected');
  }

  /** `command` against Redis, or `fallback` when Redis is down, slow or answers with an error. */
  async attempt<T>(command: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (this.state !== 'up') return fallback();
    try {
      return await this.breaker.run(() => answerWithin(command(this.redis), this.timeoutMs));
    } catch (error) {
      // Refused while another command probes Redis after a pause: nothing new was learned.
      if (!(error instanceof VendorFailure && error.code === 'CIRCUIT_OPEN')) this.failed(error);
      return fallback();
    }
  }

  /** Tells that Redis is unusable for a moment after a command failed. */
  private failed(error: unknown): void {
    this.report('down', (error as Error)?.message ?? 'command failed');
    // Come back by itself: the first command after the pause tells whether Redis is well again.
    const probeAt = this.breaker.view().probeAt;
    const pauseMs = probeAt === null ? 0 : Math.max(0, Date.parse(probeAt) - Date.now());
    setTimeout(() => {
      if (this.connected) this.report('up', 'commands may go to Redis again');
    }, pauseMs).unref();
  }

  close(): void {
    this.redis.disconnect();
  }

  private report(state: 'up' | 'down', reason: string): void {
    if (state === this.reported) return;
    this.reported = state;
    this.listener(state, reason);
  }
}

/** A `MULTI` transaction's answers, one per command; rejects with a command's error, or when Redis discarded it. */
export async function transactionAnswers(transaction: ChainableCommander): Promise<unknown[]> {
  const answers = await transaction.exec();
  if (!answers) throw new Error('the transaction was discarded');
  return answers.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/**
 * `answer`, or a rejection once `ms` passed without it. A busy process runs its timers
 * before it reads its sockets, so an answer Redis sent in time may still be unread when
 * the timer fires: it is given that one read (`setImmediate` runs after it) before the
 * command counts as timed out.
 */
function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const timer = setTimeout(() => setImmediate(() => settle(() => reject(new Error(`Redis did not answer within ${ms} ms`)))), ms);
    answer.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
