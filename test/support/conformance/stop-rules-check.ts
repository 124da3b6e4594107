import type { VendorPage } from '../../../src/contract/index.js';
import { mergeWalks } from '../../../src/merge/merged-walk.js';
import { mapPage } from '../../../src/merge/mapped-page.js';
import { SourceWalk } from '../../../src/merge/source-walk.js';
import type { PageReader } from '../../../src/merge/source-usage.js';
import { firstPosition, parseVendorPage } from '../../../src/paging/page-positions.js';
import { requestContext } from '../vendor-harness.js';
import { emptiedBody, shortenedBody } from './synthetic-bodies.js';
import type { SimulatedVendor } from './simulated-vendor.js';

interface WalkResult {
  rows: number;
  reads: number;
  failure?: string;
}

/**
 * The engine's stop rules end a walk of this adapter cleanly: fake page readers serve
 * bodies made from the simulator's real ones (emptied, shortened, repeated, endless) and
 * the adapter's own `parsePage` reads them. Nothing loops, nothing throws, nothing repeats.
 */
export async function checkStopRules(vendor: SimulatedVendor): Promise<string[]> {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const bodies = vendor.pages.filter((captured) => captured.page.records.length > 0).map((captured) => captured.body);
  if (bodies.length === 0) return ['the simulator served no page with records'];
  const { adapter } = vendor.module;
  const parse = (body: unknown) => parseVendorPage(adapter, body, requestContext(adapter, vendor.binding, vendor.credential, vendor.pageSize, firstPosition(adapter)));
  const first = bodies[0]!;
  const kind = vendor.module.adapter.pagination.kind;
  const problems: string[] = [];
  const expect = (rule: string, result: WalkResult, maxReads: number, rows?: number) => {
    if (result.failure) problems.push(`${rule}: the walk failed with ${result.failure}`);
    if (result.reads > maxReads) problems.push(`${rule}: the walk read ${result.reads} pages, expected at most ${maxReads}`);
    if (rows !== undefined && result.rows !== rows) problems.push(`${rule}: the walk sent ${result.rows} rows, expected ${rows}`);
  };
  const firstRows = distinctRows(vendor, parse(first));

  const empty = parse(emptiedBody(vendor, first));
  if (empty.records.length !== 0) problems.push('an emptied body still parses into records');
  expect('empty page', await walk(vendor, (index) => (index === 0 ? parse(first) : empty)), kind === 'window' ? 1 : 2, firstRows);
  expect('empty first page', await walk(vendor, () => empty), 1, 0);

  const short = parse(shortenedBody(vendor, first));
  const shortEnds = kind === 'window' || (kind === 'page' && vendor.module.adapter.pagination.shortPageEnds);
  expect('short page', await walk(vendor, (index) => (index === 0 ? short : empty)), shortEnds ? 1 : 2, distinctRows(vendor, short));

  expect('repeated page or cursor', await walk(vendor, () => parse(first)), kind === 'window' ? 1 : 2, firstRows);

  if (kind !== 'window') {
    if (bodies.length < 3) problems.push(`page cap: the simulator served ${bodies.length} pages with records, at least 3 are needed`);
    else {
      const capped = await walk(vendor, (index) => parse(bodies[index % bodies.length]!), 2);
      if (capped.failure !== 'PAGE_CAP_REACHED') problems.push(`page cap: expected PAGE_CAP_REACHED after 2 pages, got ${capped.failure ?? 'a clean end'}`);
      if (capped.reads > 2) problems.push(`page cap: the walk read ${capped.reads} pages past a cap of 2`);
    }
  }
  return problems;
}

/** A walk of one source through the real merge, pages from `serve(readIndex)`. */
async function walk(vendor: SimulatedVendor, serve: (index: number) => VendorPage, maxPages = 50): Promise<WalkResult> {
  const { adapter } = vendor.module;
  const lagMs = adapter.order.kind === 'bounded-lag' ? adapter.order.defaultMaxLagSeconds * 1000 : 0;
  let reads = 0;
  const source = { name: 'conformance', adapter, binding: vendor.binding, lagMs };
  const reader: PageReader = async () => ({ page: await mapPage(source, serve(reads++), 0), cost: { requests: 1, fetchedAt: 0, cached: false } });
  const sourceWalk = new SourceWalk(source, undefined, reader, { filters: {}, pageSize: vendor.pageSize, maxPages });
  try {
    const merged = await mergeWalks([sourceWalk], 100_000, undefined, () => reads > maxPages + 5);
    const ids = merged.rows.map((row) => row.id);
    if (new Set(ids).size !== ids.length) return { rows: ids.length, reads, failure: 'a row sent twice' };
    return { rows: ids.length, reads, failure: sourceWalk.failed?.code };
  } catch (error) {
    return { rows: 0, reads, failure: `a throw: ${(error as Error).message}` };
  }
}

function distinctRows(vendor: SimulatedVendor, page: VendorPage): number {
  const ids = new Set<string>();
  for (const record of page.records) {
    try {
      ids.add(vendor.module.adapter.mapRow(record, { binding: vendor.binding }).conversationId);
    } catch {
      // An unmappable record is skipped by the walk too.
    }
  }
  return ids.size;
}
