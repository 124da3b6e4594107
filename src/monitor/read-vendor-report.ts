import { RecordMappingError, type ReportMonitor, type ReportPage, type ReportedStall, type StallCategory } from '../contract/index.js';
import type { AgentSource } from '../agents/agent-directory.js';
import { NO_USAGE, withRead, type SourceUsage } from '../merge/source-usage.js';
import { paginate } from '../paging/paginator.js';
import type { ReadContext } from '../upstream/read-context.js';
import { RAW_BODY, type VendorClient } from '../upstream/vendor-client.js';
import { VendorFailure } from '../upstream/vendor-failure.js';

/** What the vendor's report says about itself, for the source's entry. */
export interface ReportFacts {
  generatedAt: number | null;
  thresholdMinutes: number | null;
  totalCount: number | null;
  snapshotMissing: boolean;
}

export interface VendorReport {
  stalls: ReportedStall[];
  /** Report rows that could not be read. */
  skipped: number;
  facts: ReportFacts;
}

export interface ReportReadOptions {
  category?: StallCategory;
  context: ReadContext;
  maxPages: number;
}

/** The report, or the failure that stopped it, and what reading it cost either way. */
export interface ReportRead {
  report: VendorReport | VendorFailure;
  usage: SourceUsage;
}

/**
 * Every page of a vendor's own monitor report, through the paginator and the one vendor
 * client: a report pages by number, a short page ends it, and every stop rule of a walk
 * holds (a repeated page, the page cap, the request's budget, deadline and caller).
 */
export async function readVendorReport(client: VendorClient, source: AgentSource, monitor: ReportMonitor, options: ReportReadOptions): Promise<ReportRead> {
  const report: VendorReport = { stalls: [], skipped: 0, facts: { generatedAt: null, thresholdMinutes: null, totalCount: null, snapshotMissing: false } };
  let usage = NO_USAGE;
  const read = async (page: number): Promise<ReportPage & { stalls: ReportedStall[] }> => {
    const started = Date.now();
    const request = monitor.buildReportRequest({ binding: source.runtime.binding, credential: source.connection.credential, page, pageSize: monitor.maxPageSize, category: options.category });
    try {
      const response = await client.read(source.connection, request, options.context, RAW_BODY);
      usage = withRead(usage, Date.now() - started, response);
      const parsed = monitor.parseReportPage(response.value);
      return { ...parsed, stalls: readStalls(monitor, parsed.records, report) };
    } catch (error) {
      usage = withRead(usage, Date.now() - started, { failedAfter: VendorFailure.from(error).requests });
      throw error;
    }
  };
  try {
    const pages = paginate({
      pagination: { kind: 'page', maxPageSize: monitor.maxPageSize, shortPageEnds: true },
      pageSize: monitor.maxPageSize,
      start: { page: 1 },
      read: (position) => read(position.page!),
      maxPages: options.maxPages,
      signatureOf: (page) => ({ signature: page.stalls.map((stall) => stall.conversationId).join('\n'), rows: page.stalls.length }),
    });
    for await (const { position, page, repeated } of pages) {
      if (position.page === 1) {
        report.facts = {
          generatedAt: page.generatedAt ?? null,
          thresholdMinutes: page.thresholdMinutes ?? null,
          totalCount: page.totalCount ?? null,
          snapshotMissing: page.snapshotMissing === true,
        };
      }
      if (!repeated) report.stalls.push(...page.stalls);
    }
    return { report, usage };
  } catch (error) {
    return { report: VendorFailure.from(error), usage };
  }
}

function readStalls(monitor: ReportMonitor, records: unknown[], report: VendorReport): ReportedStall[] {
  const stalls: ReportedStall[] = [];
  for (const record of records) {
    try {
      stalls.push(monitor.readStall(record));
    } catch (error) {
      if (!(error instanceof RecordMappingError || error instanceof TypeError)) throw error;
      report.skipped += 1;
    }
  }
  return stalls;
}
