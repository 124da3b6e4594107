import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll } from '../support/walk.js';

const vendor = new MemoryVendor('natively-ordered', 'page', 2, 0, []);
let memory: MemoryApp;

beforeAll(async () => {
  memory = await startMemoryApp([vendor]);
});
afterAll(async () => {
  await memory.close();
});

/**
 * Twenty records newest first. The one at `late` shows activity newer than its native key
 * allows: between the first two rows, so it turns up on the third vendor page, after the
 * same gateway page has sent rows below it.
 */
function records(late?: number): MemoryRecord[] {
  return Array.from({ length: 20 }, (_, index) => ({
    id: `r${String(index).padStart(2, '0')}`,
    n: 1_000 - index,
    t: index === late ? 999.5 : 1_000 - index,
    tie: index,
  }));
}

describe('a vendor that breaks its declared order', () => {
  it('is walked in full and reports nothing while it keeps its order', async () => {
    vendor.reset(records());
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '3' });
    expect(walk.rows.map((row) => row.id)).toEqual(records().map((record) => `natively-ordered:${record.id}`));
    for (const page of walk.pages) {
      expect(page.partial).toBe(false);
      expect(page.sources[0]!.error).toBeUndefined();
    }
  });

  it('a row found after the walk passed its place is reported out of order, not sent late', async () => {
    vendor.reset(records(5));
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '6' });
    expect(walk.rows.map((row) => row.id)).toEqual(
      records()
        .filter((_, index) => index !== 5)
        .map((record) => `natively-ordered:${record.id}`),
    );
    const reports = walk.pages.map((page) => ({ partial: page.partial, source: page.sources[0] }));
    expect(reports[0]).toEqual({
      partial: true,
      source: expect.objectContaining({ status: 'ok', error: { code: 'VENDOR_BAD_RESPONSE', message: "1 record(s) came out of the vendor's declared order" } }),
    });
  });
});

describe('unmappable records', () => {
  /**
   * Regression: the walk tells a repeated page by the ids of its rows, and an unmappable
   * record has none, so two pages in a row of nothing but unmappable records (page size 1
   * makes it easy) looked like the vendor repeating a page: the source stopped there and the
   * rows after them were lost.
   */
  it('two pages in a row of only unmappable records do not end the source', async () => {
    const small = new MemoryVendor('one-per-page', 'page', 1, 0, records().slice(0, 4).map((record, index) => ({ ...record, unmappable: index === 1 || index === 2 })));
    const app = await startMemoryApp([small]);
    try {
      const walk = await walkAll(app.app, app.token, MEMORY_AGENT, { limit: '5' });
      expect(walk.rows.map((row) => row.id)).toEqual(['one-per-page:r00', 'one-per-page:r03']);
    } finally {
      await app.close();
    }
  });
});
