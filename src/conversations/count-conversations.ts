import { CHANNEL_TYPES, CONVERSATION_STATES, type ChannelType, type ConversationState, type Row } from '../contract/index.js';
import { GatewayError } from '../errors.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import { MergedWalk, type MergedWalkState } from '../merge/merged-walk.js';
import type { SourceWalk } from '../merge/source-walk.js';
import { CallBudget } from '../upstream/call-budget.js';
import { cutOffOf, readContext, type ReadContext } from '../upstream/read-context.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { CountStop, CountTotals } from './conversation-counts.js';
import { openWalks } from './open-walks.js';
import type { PageDependencies, PageRequest } from './page-request.js';
import { reportSource, stoppedShort, type SourceReport } from './source-report.js';
import { sourcePageReader } from './source-page-reader.js';

/** Vendor pages each source reads ahead of its count, never more than the connection's concurrency cap. */
const MAX_READ_AHEAD_PAGES = 4;

/** What a count is asked for: the list's filters and sources, no page. */
export type CountRequest = Pick<PageRequest, 'agent' | 'callerOrg' | 'filters' | 'sources'>;

export interface CountBounds {
  /** Vendor calls the whole count may make across its sources. */
  maxVendorCalls: number;
  /** The caller went away: the reads stop. */
  cancel?: AbortSignal;
  /** Told of each vendor call as it is taken: the caller's rate limit is charged there, and may close `budget`. */
  onCall?(calls: number, budget: CallBudget): void;
}

/** One entry of the counts' `sources`: the list's source report, and whether its count reached the source's end. */
export interface CountSourceReport extends SourceReport {
  complete: boolean;
}

/** A count's answer: the totals and how each source was read. */
export interface ConversationCounts extends CountTotals {
  sources: CountSourceReport[];
}

/** The counts of one source's rows. */
interface Tally {
  total: number;
  byState: Record<ConversationState, number>;
  byChannel: Record<ChannelType, number>;
}

/**
 * Counts the rows the list would return for a filter, by source, state and channel: every
 * source walked to its end through the one engine (a source walk under a merged walk of its
 * own, so the sources read at once and a slow one holds up no other), its rows counted as
 * they pass and none kept. The walk leaves out the state and channel filters (no vendor is
 * asked for them: they are never pushed down), so each is counted over the rows every other
 * filter keeps: what choosing another state or channel would give. Bounded by its own vendor
 * calls, the request's deadline and its caller; where one stopped it the counts say so.
 */
export async function countConversations(deps: PageDependencies, request: CountRequest, bounds: CountBounds): Promise<ConversationCounts> {
  const budget: CallBudget = new CallBudget(bounds.maxVendorCalls, (calls) => bounds.onCall?.(calls, budget));
  const context = readContext({ deadline: Date.now() + deps.settings.requestDeadlineMs, now: deps.now, cancel: bounds.cancel, org: request.agent.org, budget });
  const mayRead = () => cutOffOf(context) === undefined && !budget.exhausted;
  const { state: _state, channel: _channel, ...walked } = request.filters;
  const open = await openWalks(deps, { ...request, filters: walked, includeSummary: false }, {
    readerOf: (source, filters, wantSummary) => sourcePageReader(deps.client, source, filters, wantSummary, context),
    maxPages: Number.POSITIVE_INFINITY,
    readAheadWindow: (source) => Math.max(1, Math.min(MAX_READ_AHEAD_PAGES, source.connection.maxConcurrency)),
    mayRead,
  });
  const counted = await Promise.all(open.sources.map(({ walk }) => countSource(walk, request.filters, context)));

  const reasons = new Set<CountStop>();
  const sources = counted.map(({ walk, state }) => {
    const stop = state === 'stopped' ? (cutOffOf(context) ?? callsSpent(budget)) : undefined;
    const report = stop ? stoppedShort(reportSource(walk), stop, 'its rows past what was read are not counted') : reportSource(walk);
    const why = stop ?? walk.failed;
    if (why) reasons.add(stopOf(why, budget));
    else if (report.error) reasons.add('source');
    // A vendor that repeated a page ends its walk there: what lies past it was never read.
    return { ...report, complete: state === 'ended' && !walk.failed && !walk.repeated };
  });
  const vendorFailures = counted.filter(({ walk }) => walk.failed && !walk.failed.cutOff);
  const tallies = counted.map(({ tally }) => tally);
  if (counted.length > 0 && vendorFailures.length === counted.length && tallies.every((tally) => tally.total === 0)) {
    throw new GatewayError('ALL_SOURCES_FAILED', `every source failed: ${sources.map((report) => `${report.source} ${report.error?.code ?? report.status}`).join('; ')}`);
  }
  return {
    ...sumOf(tallies),
    bySource: Object.fromEntries(counted.map(({ walk, tally }) => [walk.source.name, tally.total])),
    partial: reasons.size > 0,
    partialBecause: [...reasons].sort(),
    sources,
    countedAt: new Date(deps.now()).toISOString(),
    cached: false,
  };
}

/** One source pulled to its end, or until the context or the budget stops it. */
async function countSource(walk: SourceWalk, filters: ConversationFilters, context: ReadContext): Promise<{ walk: SourceWalk; tally: Tally; state: MergedWalkState }> {
  const merged = new MergedWalk([walk], undefined, { mustStop: () => cutOffOf(context) !== undefined, callsSpent: () => context.budget.exhausted });
  const tally = emptyTally();
  for (let next = await merged.next(); next; next = await merged.next()) addRow(tally, next.row, filters);
  merged.close();
  return { walk, tally, state: merged.state };
}

/** A row the walk kept (every filter but state and channel) counts where those two let it. */
function addRow(tally: Tally, row: Row, filters: ConversationFilters): void {
  const channelKept = filters.channel === undefined || filters.channel.includes(row.channelType);
  const stateKept = filters.state === undefined || filters.state.includes(row.conversationState);
  if (channelKept) tally.byState[row.conversationState] += 1;
  if (stateKept) tally.byChannel[row.channelType] += 1;
  if (channelKept && stateKept) tally.total += 1;
}

function emptyTally(): Tally {
  return {
    total: 0,
    byState: Object.fromEntries(CONVERSATION_STATES.map((state) => [state, 0])) as Record<ConversationState, number>,
    byChannel: Object.fromEntries(CHANNEL_TYPES.map((channel) => [channel, 0])) as Record<ChannelType, number>,
  };
}

function sumOf(tallies: Tally[]): Tally {
  const sum = emptyTally();
  for (const tally of tallies) {
    sum.total += tally.total;
    for (const state of CONVERSATION_STATES) sum.byState[state] += tally.byState[state];
    for (const channel of CHANNEL_TYPES) sum.byChannel[channel] += tally.byChannel[channel];
  }
  return sum;
}

function callsSpent(budget: CallBudget): VendorFailure {
  return new VendorFailure('CALL_CAP_REACHED', budget.closedReason ?? `this count made its ${budget.cap} vendor calls (limits.maxVendorCallsPerCount)`);
}

function stopOf(failure: VendorFailure, budget: CallBudget): CountStop {
  if (failure.code === 'DEADLINE_REACHED') return 'deadline';
  if (failure.code === 'CANCELLED') return 'cancelled';
  if (failure.code === 'CALL_CAP_REACHED') return budget.closedReason ? 'rate-limited' : 'calls';
  return 'source';
}
