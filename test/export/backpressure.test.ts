import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { exportChunks } from '../../src/export/export-lines.js';
import { MergedRowSource } from '../../src/export/merged-row-source.js';
import { memoryDeps } from '../support/memory-export.js';
import { memoryAgent, memoryClient, MemoryVendor, type MemoryKind } from '../support/memory-vendors.js';

const BASE = Date.UTC(2026, 0, 1);
const ROWS_PER_VENDOR = 2_000;
const PAGE_SIZE = 50;

function vendors(): MemoryVendor[] {
  const kinds: MemoryKind[] = ['page-with-totals', 'page-short-ends', 'cursor-lag', 'page'];
  return kinds.map(
    (kind, index) =>
      new MemoryVendor(
        `v${index}-${kind}`,
        kind,
        PAGE_SIZE,
        kind === 'cursor-lag' ? 60_000 : 0,
        Array.from({ length: ROWS_PER_VENDOR }, (_, position) => ({ id: `r${position}`, n: BASE - position * 1_000 - index, t: BASE - position * 1_000 - index, tie: position })),
      ),
  );
}

describe('a slow reader pauses the walk', () => {
  it('reading 10 rows a second, the gateway holds a bounded number of rows and reads few vendor pages', async () => {
    const all = vendors();
    const source = new MergedRowSource(memoryDeps(memoryClient(all)), { agent: memoryAgent(all), callerOrg: 'acme', filters: {}, includeRaw: false, includeSummary: false });
    let produced = 0;
    const next = source.next.bind(source);
    source.next = async () => {
      const row = await next();
      if (row) produced += 1;
      return row;
    };
    let written = 0;
    let mostHeld = 0;
    const sample = setInterval(() => {
      mostHeld = Math.max(mostHeld, produced - written);
    }, 20);
    // 10 rows per second: each chunk is acknowledged after 100 ms per row in it.
    const slowReader = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        const rows = chunk.toString().split('\n').length - 1;
        setTimeout(() => {
          written += rows;
          done();
        }, rows * 100);
      },
    });
    const abort = new AbortController();
    const reading = pipeline(Readable.from(exportChunks(source, 'ndjson', { raw: false, transcript: false }), { objectMode: true, highWaterMark: 1 }), slowReader, { signal: abort.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    abort.abort();
    await reading;
    clearInterval(sample);
    mostHeld = Math.max(mostHeld, produced - written);

    const requests = all.reduce((sum, vendor) => sum + vendor.requests, 0);
    const total = all.length * ROWS_PER_VENDOR;
    console.log(`slow reader: ${written} rows written, ${produced} produced, at most ${mostHeld} held; ${requests} vendor requests of ${total / PAGE_SIZE} for the whole walk`);
    expect(written).toBeGreaterThan(0);
    // At most three chunks of 32 rows wait: the one being written, the stream's one, the generator's.
    expect(mostHeld).toBeLessThanOrEqual(3 * 32);
    // Each source read at most its first pages plus its read-ahead window (one page here).
    expect(requests).toBeLessThanOrEqual(all.length * 4);
    expect(produced).toBeLessThan(total / 10);
  }, 20_000);
});
