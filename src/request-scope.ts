/**
 * What one gateway request gives every vendor read made on its behalf: its deadline, as
 * an AbortSignal (handed to undici, so a call in flight stops there) and in epoch ms (to
 * cut timeouts and waits short), and the clock of cursor issue and expiry.
 */
export interface RequestScope {
  readonly signal: AbortSignal;
  /** Epoch ms on the real clock; `signal` aborts then, or earlier when the caller goes away. */
  readonly deadline: number;
  /** The clock of cursor issue and expiry (tests move it); deadlines use the real clock. */
  now(): number;
  /** The organization whose agent the reads are for: connection health is kept per organization. */
  readonly org?: string;
}

/** A scope whose deadline is `budgetMs` from now; `cancel` aborts it early (a caller that hung up). */
export function requestScope(budgetMs: number, options: ScopeOptions = {}): RequestScope {
  return scopeUntil(Date.now() + budgetMs, options);
}

export interface ScopeOptions {
  now?: () => number;
  /** Aborts the scope early. */
  cancel?: AbortSignal;
  org?: string;
}

export function scopeUntil(deadline: number, options: ScopeOptions = {}): RequestScope {
  const timeout = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
  return {
    signal: options.cancel ? AbortSignal.any([options.cancel, timeout]) : timeout,
    deadline,
    now: options.now ?? Date.now,
    ...(options.org === undefined ? {} : { org: options.org }),
  };
}

/** The deadline passed (checked on the clock too, so a busy event loop cannot hide it). */
export function isPastDeadline(scope: RequestScope): boolean {
  return scope.signal.aborted || Date.now() >= scope.deadline;
}
