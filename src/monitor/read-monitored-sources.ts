import type { Row, StallCategory } from '../contract/index.js';
import type { LogicalAgent } from '../agents/agent-directory.js';
import type { PageDependencies } from '../conversations/read-conversations-page.js';
import { sourcePageReader } from '../conversations/source-page-reader.js';
import { MergedWalk } from '../merge/merged-walk.js';
import { SourceWalk } from '../merge/source-walk.js';
import { callCapReached, cutOffOf, type ReadContext } from '../upstream/read-context.js';
import { unsupportedSource } from './monitor-source-report.js';
import { readVendorReport, type ReportRead } from './read-vendor-report.js';
import { sourceStalls, type MonitoredSource, type SourceStalls } from './source-stalls.js';

/** Pages each monitored source reads ahead of the merge: the monitor reads every window whole anyway. */
const READ_AHEAD_PAGES = 2;

/**
 * Every source of every agent in scope, read for the monitor: the sources that can tell
 * an asked category through one merged walk pulled to its end (every conversation of
 * every window: candidates can only be ordered by wait once all are read), the vendors'
 * own reports beside it through the paginator, all within the request's context (its
 * deadline, call budget and caller). A source that cannot tell any asked category reads
 * nothing and says so.
 */
export async function readMonitoredSources(deps: PageDependencies, agents: LogicalAgent[], categories: StallCategory[], context: ReadContext): Promise<SourceStalls[]> {
  const plans = agents.flatMap((agent) => agent.sources.map((source) => planOf(agent, source, categories)));
  const monitored = plans.filter((plan): plan is MonitoredSource => 'monitor' in plan);
  const mayRead = () => cutOffOf(context) === undefined && !context.budget.exhausted;
  const walks = monitored.map(
    ({ agent, source }) =>
      new SourceWalk(source.runtime, undefined, sourcePageReader(deps.client, source, {}, false, { ...context, org: agent.org }), {
        filters: {},
        maxPages: deps.settings.maxPagesPerRequest,
        readAheadWindow: Math.min(READ_AHEAD_PAGES, source.connection.maxConcurrency),
        mayRead,
      }),
  );
  const merged = new MergedWalk(walks, undefined, { mustStop: () => cutOffOf(context) !== undefined, callsSpent: () => context.budget.exhausted });
  const [rows, reports] = await Promise.all([rowsOfEachWalk(merged), Promise.all(monitored.map((plan) => vendorReportOf(deps, plan, context)))]);
  const stoppedBy = merged.state === 'stopped' ? (cutOffOf(context) ?? callCapReached(context.budget)) : undefined;
  const stalls = new Map(
    monitored.map((plan, index) => {
      const walk = walks[index]!;
      const stopped = stoppedBy && walk.head() !== null && !walk.failed ? stoppedBy : undefined;
      return [plan, sourceStalls(plan, walk, rows.get(walk) ?? [], reports[index], stopped)];
    }),
  );
  return plans.map((plan) => ('monitor' in plan ? stalls.get(plan)! : { candidates: [], report: unsupportedSource(plan.agent, plan.source, plan.unsupported) }));
}

function planOf(agent: LogicalAgent, source: MonitoredSource['source'], categories: StallCategory[]): MonitoredSource | Omit<MonitoredSource, 'monitor'> {
  const monitor = source.runtime.adapter.monitor;
  const monitored = categories.filter((category) => monitor?.categories.includes(category));
  const unsupported = categories.filter((category) => !monitored.includes(category));
  if (!monitor || monitored.length === 0) return { agent, source, monitored, unsupported };
  return { agent, source, monitor, monitored, unsupported };
}

async function rowsOfEachWalk(merged: MergedWalk): Promise<Map<SourceWalk, Row[]>> {
  const rows = new Map<SourceWalk, Row[]>();
  for (let next = await merged.next(); next; next = await merged.next()) {
    let list = rows.get(next.walk);
    if (!list) rows.set(next.walk, (list = []));
    list.push(next.row);
  }
  return rows;
}

function vendorReportOf(deps: PageDependencies, plan: MonitoredSource, context: ReadContext): Promise<ReportRead> | undefined {
  if (plan.monitor.kind !== 'report') return undefined;
  const category = plan.monitored.length === 1 ? plan.monitored[0] : undefined;
  return readVendorReport(deps.client, plan.source, plan.monitor, { category, context: { ...context, org: plan.agent.org }, maxPages: deps.settings.maxPagesPerRequest });
}
