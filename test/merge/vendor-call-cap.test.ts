import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msToIso } from '../../src/contract/index.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll } from '../support/walk.js';

/**
 * A filter that matches nothing makes a walk read every vendor page looking for a row.
 * `limits.maxVendorCallsPerRequest` bounds what one gateway page may spend on that: the
 * page ends there, says so on the sources it stopped, and its cursor goes on from there.
 */
const CAP = 6;
const long = new MemoryVendor('long', 'page', 2, 0, []);
const also = new MemoryVendor('also', 'page', 2, 0, []);
const third = new MemoryVendor('third', 'cursor-lag', 2, 0, []);
let memory: MemoryApp;

beforeAll(async () => {
  memory = await startMemoryApp([long, also, third], { maxVendorCallsPerRequest: CAP });
});
afterAll(async () => {
  await memory.close();
});

const MINUTE = 60_000;
const records = (count: number): MemoryRecord[] =>
  Array.from({ length: count }, (_, index) => ({ id: `r${String(index).padStart(3, '0')}`, n: (10_000 - index) * MINUTE, t: (10_000 - index) * MINUTE, tie: index }));
/** Older than every record: nothing matches, and only the vendor's end stops the walk. */
const beforeEverything = { until: msToIso(MINUTE)! };

describe('the per-request cap on vendor calls', () => {
  it('holds one source to the cap on every page, reports it, and still walks to the end', async () => {
    long.reset(records(60));
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '10', sources: 'long', ...beforeEverything });
    expect(walk.rows).toEqual([]);
    const reports = walk.pages.map((page) => page.sources[0]!);
    for (const report of reports) expect(report.requests).toBeLessThanOrEqual(CAP);
    // 60 records in pages of 2: 30 pages plus the empty one that ends the walk. Every
    // gateway page after the first reads again the page of the last row read (with nothing
    // unsent, that is where a page-numbered source finds its place): CAP - 1 new pages each.
    expect(walk.pages.length).toBe(1 + Math.ceil((31 - CAP) / (CAP - 1)));
    expect(walk.requests.long).toBe(31 + walk.pages.length - 1);
    for (const [index, page] of walk.pages.slice(0, -1).entries()) {
      expect(page.partial, `page ${index}`).toBe(true);
      expect(page.sources[0]!.error?.code).toBe('CALL_CAP_REACHED');
      expect(page.sources[0]!.error?.message).toMatch(/6 vendor calls \(limits\.maxVendorCallsPerRequest\)/);
    }
    expect(walk.pages.at(-1)!.partial).toBe(false);
  });

  it('shares the cap across sources and loses no row on the way', async () => {
    long.reset(records(40));
    also.reset(records(40));
    third.reset(records(40));
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '7' });
    const expected = records(40).flatMap((record) => ['also', 'long', 'third'].map((source) => `${source}:${record.id}`));
    expect([...walk.rows.map((row) => row.id)].sort()).toEqual([...expected].sort());
    expect(walk.rows.map((row) => row.lastActivityAt)).toEqual([...walk.rows.map((row) => row.lastActivityAt)].sort().reverse());
    for (const page of walk.pages) {
      const spent = page.sources.reduce((sum, report) => sum + report.requests, 0);
      // Reads already started together may finish past the cap: one a source, plus three read ahead.
      expect(spent).toBeLessThanOrEqual(CAP + 3 * 4);
    }
  });
});
