import type { StallCategory } from '../contract/index.js';
import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import type { SourceReport } from '../conversations/source-report.js';
import type { ReportFacts } from './read-vendor-report.js';

/** One entry of the monitor's `data.sources`: the conversations endpoint's, plus what the source can tell. */
export interface MonitorSourceReport extends SourceReport {
  /** The logical agent the source belongs to (a connection may serve several agents). */
  agentId: string;
  /** Asked categories this source can tell. */
  monitored: StallCategory[];
  /** Asked categories it cannot tell: none of its conversations is reported for them. */
  unsupported: StallCategory[];
  /** Which vendor signals were used, and what they cannot tell. */
  signals: string;
  /** What the vendor's own report said about itself, for a source read natively. */
  vendorReport?: { generatedAt: string | null; thresholdMinutes: number | null; totalCount: number | null; snapshotMissing: boolean };
}

/** A source that can tell none of the asked categories: `skipped`, read nothing, and says why. */
export function unsupportedSource(agent: LogicalAgent, source: AgentSource, unsupported: StallCategory[]): MonitorSourceReport {
  const { adapter } = source.runtime;
  const signals = adapter.monitor?.signals ?? `the ${adapter.vendor} adapter has no monitor capability`;
  const base: SourceReport = {
    source: source.runtime.name,
    vendor: adapter.vendor,
    status: 'skipped',
    requests: 0,
    latencyMs: 0,
    skipped: 0,
    cached: false,
    stale: false,
  };
  return {
    ...base,
    agentId: agent.id,
    monitored: [],
    unsupported,
    signals,
    error: { code: 'MONITOR_UNSUPPORTED', message: `${adapter.vendor} cannot tell ${unsupported.join(' or ')} conversations` },
  };
}

export function presentFacts(facts: ReportFacts): NonNullable<MonitorSourceReport['vendorReport']> {
  return {
    generatedAt: facts.generatedAt === null ? null : new Date(facts.generatedAt).toISOString(),
    thresholdMinutes: facts.thresholdMinutes,
    totalCount: facts.totalCount,
    snapshotMissing: facts.snapshotMissing,
  };
}

/** A failure of the source, not a capability it lacks: it makes the report partial. */
export function isTrouble(report: MonitorSourceReport): boolean {
  return report.error !== undefined && report.error.code !== 'MONITOR_UNSUPPORTED';
}

export function isFailure(report: MonitorSourceReport): boolean {
  return report.status !== 'ok' && report.status !== 'skipped';
}
