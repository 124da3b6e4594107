import { RecordMappingError, type PagePosition, type ReportMonitor, type ReportedStall, type StallCategory } from '../contract/index.js';
import { nextPosition, repeatsPreviousPage } from '../merge/page-positions.js';
import type { AgentSource } from '../agents/agent-directory.js';
import { readCounted, type SourceUsage } from '../conversations/source-page-reader.js';
import type { ReadContext } from '../upstream/read-context.js';
import { RAW_BODY } from '../upstream/vendor-client.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import type { VendorClient } from '../upstream/vendor-client.js';

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

/**
 * Every page of a vendor's own monitor report, through the one vendor client. A report
 * pages by number, short pages ending it, and stops where a walk of such pages stops (an
 * empty or short page, the last by `totalPages`, a repeated page); throws `VendorFailure`
 * on any vendor failure or past the page cap.
 */
export async function readVendorReport(
  client: VendorClient,
  source: AgentSource,
  monitor: ReportMonitor,
  options: ReportReadOptions,
  usage: SourceUsage,
): Promise<VendorReport> {
  const report: VendorReport = { stalls: [], skipped: 0, facts: { generatedAt: null, thresholdMinutes: null, totalCount: null, snapshotMissing: false } };
  const paging = { pagination: { kind: 'page', maxPageSize: monitor.maxPageSize, shortPageEnds: true } } as const;
  let previousSignature = '';
  let position: PagePosition | undefined = { page: 1 };
  for (let read = 0; position; read += 1) {
    if (read >= options.maxPages) throw new VendorFailure('PAGE_CAP_REACHED', `read ${options.maxPages} monitor report pages without reaching the end`);
    const page = position.page!;
    const request = monitor.buildReportRequest({
      binding: source.runtime.binding,
      credential: source.connection.credential,
      page,
      pageSize: monitor.maxPageSize,
      category: options.category,
    });
    const parsed = monitor.parseReportPage(await readCounted(client, source.connection, request, options.context, RAW_BODY, usage));
    if (page === 1) {
      report.facts = {
        generatedAt: parsed.generatedAt ?? null,
        thresholdMinutes: parsed.thresholdMinutes ?? null,
        totalCount: parsed.totalCount ?? null,
        snapshotMissing: parsed.snapshotMissing === true,
      };
    }
    const stalls = readStalls(monitor, parsed.records, report);
    const signature = stalls.map((stall) => stall.conversationId).join('\n');
    if (repeatsPreviousPage(previousSignature, signature, stalls.length)) return report;
    report.stalls.push(...stalls);
    previousSignature = signature;
    position = nextPosition(paging, position, parsed, monitor.maxPageSize);
  }
  return report;
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
