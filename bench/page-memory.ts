/**
 * What a cached vendor page really holds in memory, against the size the page cache
 * counts for it (`MappedPage.sizeBytes`, from `BYTES_PER_BODY_BYTE`).
 *
 * `npm run bench:page-memory` reads the first page of every sandbox vendor for
 * support-bot, keeps PAGE_COPIES (default 1000) mapped copies of each, and prints the
 * heap they take per page beside the cache's estimate. The estimate should not be below
 * the measure: the cache's byte budget then bounds memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { adapterModules } from '../adapters/index.js';
import { resolveDirectory } from '../src/config/resolve-directory.js';
import type { RequestContext } from '../src/contract/index.js';
import { firstPosition } from '../src/paging/page-positions.js';
import { mapPage } from '../src/merge/mapped-page.js';
import { startSandboxWorld } from '../src/sandbox/sandbox-world.js';
import { urlOf } from '../src/upstream/vendor-call-pipeline.js';

const COPIES = Number(process.env.PAGE_COPIES ?? 1000);
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

function heapAfterCollecting(): number {
  for (let round = 0; round < 3; round += 1) collect();
  return process.memoryUsage().heapUsed;
}

const world = await startSandboxWorld({ modules: adapterModules, seed: 7 });
try {
  const agent = resolveDirectory(world.config, adapterModules).agents.get('support-bot')!;
  for (const source of agent.sources) {
    const { adapter, binding } = source.runtime;
    const pageSize = adapter.pagination.kind === 'window' ? 0 : Math.min(100, adapter.pagination.maxPageSize);
    const context: RequestContext = {
      binding,
      credential: source.connection.credential,
      pageSize,
      position: firstPosition(adapter),
      bounds: { lagMs: source.runtime.lagMs },
      wantSummary: false,
    };
    const vendorRequest = adapter.buildRequest(context);
    const response = await request(urlOf(source.connection.baseUrl, vendorRequest), {
      method: vendorRequest.method,
      headers: { 'content-type': 'application/json', ...vendorRequest.headers },
      body: vendorRequest.body === undefined ? undefined : JSON.stringify(vendorRequest.body),
    });
    const text = await response.body.text();
    const before = heapAfterCollecting();
    const kept = [];
    for (let copy = 0; copy < COPIES; copy += 1) kept.push(await mapPage(source.runtime, adapter.parsePage(JSON.parse(text), context), text.length));
    const measured = (heapAfterCollecting() - before) / COPIES;
    const estimate = kept[0]!.sizeBytes;
    console.log(
      `${adapter.vendor.padEnd(10)} body ${text.length} B, ${kept[0]!.records.length} records: heap ${Math.round(measured)} B a page ` +
        `(${(measured / text.length).toFixed(2)}x the body), cache counts ${estimate} B (${(estimate / measured).toFixed(2)}x the heap)`,
    );
    kept.length = 0;
  }
} finally {
  await world.close();
}
