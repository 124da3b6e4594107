import type { Row, SignalMonitor, StallCategory } from '../contract/index.js';
import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import { emptyUsage, sourcePageReader, type SourceUsage } from '../conversations/source-page-reader.js';
import { reportSource } from '../conversations/source-report.js';
import { SourceWalk } from '../merge/source-walk.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { VendorClient } from '../upstream/vendor-client.js';
import type { ReadContext } from '../upstream/read-context.js';
import { classifyStall } from './classify-stall.js';
import { presentFacts, unsupportedSource, type MonitorSourceReport } from './monitor-source-report.js';
import { readEveryRow } from './read-every-row.js';
import { readVendorReport, type VendorReport } from './read-vendor-report.js';

/** A conversation of one source that is a stall candidate (the threshold is applied later). */
export interface StallCandidate {
  row: Row;
  agentId: string;
  category: StallCategory;
  latestInboundAt: number | null;
  assigneeNames: string[];
}

export interface SourceStalls {
  candidates: StallCandidate[];
  report: MonitorSourceReport;
}

export interface SourceReadOptions {
  categories: StallCategory[];
  context: ReadContext;
  maxPages: number;
}

/**
 * One source of one agent: reads its whole conversation window (the candidates cannot be
 * ordered by wait any other way), then either derives each record's signals or joins
 * the vendor's own report with those conversations. Never throws for a vendor failure:
 * the failure is the source's status.
 */
export async function readSourceStalls(
  client: VendorClient,
  agent: LogicalAgent,
  source: AgentSource,
  options: SourceReadOptions,
): Promise<SourceStalls> {
  const monitor = source.runtime.adapter.monitor;
  const monitored = options.categories.filter((category) => monitor?.categories.includes(category));
  const unsupported = options.categories.filter((category) => !monitored.includes(category));
  if (!monitor || monitored.length === 0) return { candidates: [], report: unsupportedSource(agent, source, unsupported) };

  const usage: SourceUsage = emptyUsage();
  const walk = new SourceWalk(source.runtime, undefined, sourcePageReader(client, source, {}, false, { ...options.context, org: agent.org }, usage), {
    filters: {},
    maxPages: options.maxPages,
  });
  const category = monitored.length === 1 ? monitored[0] : undefined;
  const [rows, vendorReport] = await Promise.all([
    readEveryRow(walk),
    monitor.kind === 'report'
      ? readVendorReport(client, source, monitor, { category, context: options.context, maxPages: options.maxPages }, usage).catch(VendorFailure.from)
      : undefined,
  ]);
  const base = { agentId: agent.id, monitored, unsupported, signals: monitor.signals };
  const report: MonitorSourceReport = { ...reportSource(walk, usage), ...base };
  if (walk.failed) return { candidates: [], report };
  if (vendorReport instanceof VendorFailure) {
    const retry = vendorReport.retryAfterSec === undefined ? {} : { retryAfterSec: vendorReport.retryAfterSec };
    return { candidates: [], report: { ...report, ...retry, status: vendorReport.status, error: { code: vendorReport.code, message: vendorReport.message } } };
  }
  const read =
    monitor.kind === 'signals'
      ? fromSignals(monitor, source, agent, rows, monitored)
      : fromVendorReport(vendorReport!, agent, rows, monitored);
  return { candidates: read.candidates, report: withReadProblems(report, read.skipped, vendorReport) };
}

function fromSignals(monitor: SignalMonitor, source: AgentSource, agent: LogicalAgent, rows: Row[], monitored: StallCategory[]) {
  const candidates: StallCandidate[] = [];
  let skipped = 0;
  for (const row of rows) {
    let signals;
    try {
      signals = monitor.stallSignals(row.raw, { binding: source.runtime.binding });
    } catch {
      skipped += 1;
      continue;
    }
    const stall = signals ? classifyStall(signals) : null;
    if (!signals || !stall || !monitored.includes(stall.category)) continue;
    candidates.push({ row, agentId: agent.id, ...stall, assigneeNames: signals.assigneeNames });
  }
  return { candidates, skipped };
}

/** The report says what is stalled; the agent's own conversations say which of it is the agent's. */
function fromVendorReport(report: VendorReport, agent: LogicalAgent, rows: Row[], monitored: StallCategory[]) {
  const byConversation = new Map(rows.map((row) => [row.conversationId, row]));
  const candidates: StallCandidate[] = [];
  for (const stall of report.stalls) {
    const row = byConversation.get(stall.conversationId);
    if (!row || !monitored.includes(stall.category)) continue;
    candidates.push({
      row: stall.hasAccess === null ? row : { ...row, hasAccess: stall.hasAccess },
      agentId: agent.id,
      category: stall.category,
      latestInboundAt: stall.latestInboundAt,
      assigneeNames: stall.assigneeNames,
    });
  }
  return { candidates, skipped: report.skipped };
}

function withReadProblems(report: MonitorSourceReport, skipped: number, vendorReport: VendorReport | undefined): MonitorSourceReport {
  const result: MonitorSourceReport = { ...report, skipped: report.skipped + skipped };
  if (vendorReport) result.vendorReport = presentFacts(vendorReport.facts);
  const problems = [
    ...(skipped > 0 ? [`${skipped} record(s) gave no readable monitor signal and were skipped`] : []),
    ...(vendorReport?.facts.snapshotMissing ? ['the vendor has no monitor snapshot yet: its stalled conversations are unknown'] : []),
  ];
  if (problems.length === 0) return result;
  const code = result.error?.code ?? (vendorReport?.facts.snapshotMissing ? 'MONITOR_SNAPSHOT_MISSING' : 'VENDOR_BAD_RESPONSE');
  const message = [result.error?.message, ...problems].filter((text) => text !== undefined).join('; ');
  return { ...result, error: { code, message } };
}
