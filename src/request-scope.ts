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
}

/** A scope whose deadline is `budgetMs` from now; `cancel` aborts it early (a caller that hung up). */
export function requestScope(budgetMs: number, now: () => number = Date.now, cancel?: AbortSignal): RequestScope {
  return scopeUntil(Date.now() + budgetMs, now, cancel);
}

export function scopeUntil(deadline: number, now: () => number = Date.now, cancel?: AbortSignal): RequestScope {
  const timeout = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
  return { signal: cancel ? AbortSignal.any([cancel, timeout]) : timeout, deadline, now };
}

/** The deadline passed (checked on the clock too, so a busy event loop cannot hide it). */
export function isPastDeadline(scope: RequestScope): boolean {
  return scope.signal.aborted || Date.now() >= scope.deadline;
}
