import { Counter, Gauge, type Registry } from 'prom-client';
import { GatewayError } from '../errors.js';
import type { RowSource } from '../export/row-source.js';
import { gatewayVersion } from '../gateway-package.js';

export type PageOutcome = 'complete' | 'partial' | 'failed';
/** `cut`: the trailer says incomplete (a source failed); `aborted`: the body never reached its end (the client left). */
export type ExportOutcome = 'complete' | 'cut' | 'aborted';
/** `cached`: answered from kept counts, no vendor read. */
export type CountOutcome = 'complete' | 'partial' | 'cached' | 'failed';

/**
 * What the gateway served, for alerts a request counter cannot give: the share of pages that
 * were partial, how exports ended, and which build answers (docs/operations.md).
 */
export class ServingMetrics {
  private readonly pages: Counter<'outcome'>;
  private readonly exports: Counter<'format' | 'outcome'>;
  private readonly exportRows: Counter<'format'>;
  private readonly counts: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.pages = new Counter({
      name: 'gateway_pages_total',
      help: 'Pages of GET /v1/agents/{agentId}/conversations answered, by outcome: complete, partial (a source failed or the deadline cut it) or failed (502)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.exports = new Counter({
      name: 'gateway_exports_total',
      help: 'Exports ended, by format and outcome: complete, cut (the trailer says incomplete) or aborted (the body never reached its end)',
      labelNames: ['format', 'outcome'],
      registers: [registry],
    });
    this.counts = new Counter({
      name: 'gateway_counts_total',
      help: 'Counts of GET /v1/agents/{agentId}/conversations/counts answered, by outcome: complete, partial (a bound or a source stopped it), cached or failed (502)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.exportRows = new Counter({ name: 'gateway_export_rows_total', help: 'Rows written by exports, by format', labelNames: ['format'], registers: [registry] });
    const build = new Gauge({
      name: 'gateway_build_info',
      help: 'Always 1: the version of the gateway answering and the Node.js it runs on',
      labelNames: ['version', 'node'],
      registers: [registry],
    });
    build.set({ version: gatewayVersion(), node: process.version }, 1);
  }

  page(outcome: PageOutcome): void {
    this.pages.inc({ outcome });
  }

  count(outcome: CountOutcome): void {
    this.counts.inc({ outcome });
  }

  /** A request that threw, counted as failed when the vendors failed it, not when the caller's input did. */
  countFailed(error: unknown): void {
    if (failedUpstream(error)) this.counts.inc({ outcome: 'failed' });
  }

  /** A page request that threw: counted as failed when the vendors failed it, not when the caller's input did. */
  pageFailed(error: unknown): void {
    if (failedUpstream(error)) this.pages.inc({ outcome: 'failed' });
  }

  /** An export's chunks, passed through; once they end, or the client leaves first, how it ended is counted. */
  async *countedExport(chunks: AsyncIterable<string>, format: string, walk: Pick<RowSource, 'complete' | 'count'>): AsyncGenerator<string> {
    let reachedEnd = false;
    try {
      yield* chunks;
      reachedEnd = true;
    } finally {
      const outcome: ExportOutcome = !reachedEnd ? 'aborted' : walk.complete() ? 'complete' : 'cut';
      this.exports.inc({ format, outcome });
      this.exportRows.inc({ format }, walk.count());
    }
  }
}

function failedUpstream(error: unknown): boolean {
  return !(error instanceof GatewayError) || error.status >= 500;
}
