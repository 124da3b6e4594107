import { setMaxListeners } from 'node:events';
import { CallBudget, unlimitedBudget } from './call-budget.js';
import { VendorFailure } from './vendor-failure.js';

/**
 * What every vendor read made for one gateway request carries, passed down whole: when it
 * must end (a deadline, as an AbortSignal handed to undici and in epoch ms to cut waits
 * short), whether its caller is still there, how many vendor calls it may still make, the
 * organization it reads for, and the clock of cursor issue and expiry.
 */
export interface ReadContext {
  /** Aborts at the deadline, or earlier when the caller goes away or the gateway shuts down. */
  readonly signal: AbortSignal;
  /** Epoch ms on the real clock. */
  readonly deadline: number;
  /** The caller went away or the gateway is shutting down (not the deadline). */
  readonly cancel?: AbortSignal;
  readonly budget: CallBudget;
  /** The organization whose agent the reads are for: connection health is kept per organization. */
  readonly org?: string;
  /** The clock of cursor issue and expiry (tests move it); deadlines use the real clock. */
  now(): number;
}

export interface ReadContextOptions {
  /** Epoch ms, real clock. */
  deadline: number;
  cancel?: AbortSignal;
  budget?: CallBudget;
  org?: string;
  now?: () => number;
}

/** Far above any request's concurrent vendor reads (its sources times their read-ahead), so a real leak still warns. */
const READS_IN_FLIGHT_PER_REQUEST = 1_000;

/** A context; `deadline` may be infinite (an export: each of its reads gets one with `withDeadline`). */
export function readContext(options: ReadContextOptions): ReadContext {
  const signals = [
    ...(options.cancel ? [options.cancel] : []),
    ...(Number.isFinite(options.deadline) ? [AbortSignal.timeout(Math.max(0, options.deadline - Date.now()))] : []),
  ];
  const signal = signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
  // Every read of the request in flight or waiting for a slot listens on this one signal: a count
  // reads several pages of each source at once, a search dozens of sources.
  setMaxListeners(READS_IN_FLIGHT_PER_REQUEST, signal);
  return {
    signal,
    deadline: options.deadline,
    ...(options.cancel ? { cancel: options.cancel } : {}),
    budget: options.budget ?? unlimitedBudget(),
    ...(options.org === undefined ? {} : { org: options.org }),
    now: options.now ?? Date.now,
  };
}

/** The same request's reads with a deadline of their own (an export gives each page read one): same caller, budget and org. */
export function withDeadline(context: ReadContext, deadline: number): ReadContext {
  return readContext({ ...context, deadline, cancel: context.cancel });
}

/** A context for a tool or test outside a gateway request: a deadline and nothing else. */
export function contextUntil(deadline: number): ReadContext {
  return readContext({ deadline });
}

/** The deadline passed, or the caller left (checked on the clock too, so a busy event loop cannot hide it). */
export function isCutOff(context: ReadContext): boolean {
  return context.signal.aborted || Date.now() >= context.deadline;
}

/** Why the gateway itself stopped this context's reads, or undefined while they may go on. */
export function cutOffOf(context: ReadContext): VendorFailure | undefined {
  if (context.cancel?.aborted) return cancelled(context.cancel);
  if (!isCutOff(context)) return undefined;
  return new VendorFailure('DEADLINE_REACHED', "the gateway's deadline for this request passed before the vendor answered");
}

function cancelled(signal: AbortSignal): VendorFailure {
  const reason = signal.reason instanceof Error && signal.reason.message ? signal.reason.message : 'the caller went away';
  return new VendorFailure('CANCELLED', reason);
}

export function callCapReached(budget: CallBudget): VendorFailure {
  return new VendorFailure('CALL_CAP_REACHED', budget.closedReason ?? `this request made its ${budget.cap} vendor calls`);
}
