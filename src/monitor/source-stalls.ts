import type { MonitorCapability, Row, SignalMonitor, StallCategory } from '../contract/index.js';
import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import { reportSource, stoppedShort } from '../conversations/source-report.js';
import type { SourceWalk } from '../merge/source-walk.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { classifyStall } from './classify-stall.js';
import { presentFacts, type MonitorSourceReport } from './monitor-source-report.js';
import type { ReportRead, VendorReport } from './read-vendor-report.js';

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

/** One source of one agent the monitor reads: what it can tell, and how. */
export interface MonitoredSource {
  agent: LogicalAgent;
  source: AgentSource;
  monitor: MonitorCapability;
  monitored: StallCategory[];
  unsupported: StallCategory[];
}

/**
 * One source's stalled conversations, from its whole window as the merged walk read it
 * (`rows`) and, for a vendor with its own report, that report joined with those rows.
 * Never throws for a vendor failure: the failure is the source's status. `stop`:
 * the request's budget or deadline stopped the walk before this source's end.
 */
export function sourceStalls(read: MonitoredSource, walk: SourceWalk, rows: Row[], vendorReport: ReportRead | undefined, stop: VendorFailure | undefined): SourceStalls {
  const { agent, monitor, monitored, unsupported } = read;
  const base = { agentId: agent.id, monitored, unsupported, signals: monitor.signals };
  let report: MonitorSourceReport = { ...reportSource(walk), ...base };
  if (vendorReport) report = withReportUsage(report, vendorReport);
  if (walk.failed) return { candidates: [], report };
  const failure = vendorReport?.report instanceof VendorFailure ? vendorReport.report : undefined;
  if (failure) {
    const retry = failure.retryAfterSec === undefined ? {} : { retryAfterSec: failure.retryAfterSec };
    return { candidates: [], report: { ...report, ...retry, status: failure.status, error: { code: failure.code, message: failure.message } } };
  }
  const facts = vendorReport?.report as VendorReport | undefined;
  const found = monitor.kind === 'signals' ? fromSignals(monitor, read.source, agent, rows, monitored) : fromVendorReport(facts!, agent, rows, monitored);
  report = withReadProblems(report, found.skipped, facts);
  if (stop) report = stoppedShort(report, stop, 'its stalled conversations past what was read are missing');
  return { candidates: found.candidates, report };
}

/** The report's calls count as the source's. */
function withReportUsage(report: MonitorSourceReport, read: ReportRead): MonitorSourceReport {
  return { ...report, requests: report.requests + read.usage.requests, latencyMs: Math.max(report.latencyMs, read.usage.latencyMs), cached: report.cached || read.usage.cached };
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
