import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';

/**
 * `include=raw` puts each vendor record into the page: one record of megabytes made every
 * page carrying it about twice its size, and twenty such pages at once took 1.6 GB. A page
 * now stops taking rows before its answer passes `limits.maxResponseBytes`.
 */

const LIMIT_BYTES = 2 * 1024 * 1024;
const NEWEST = Date.UTC(2026, 0, 1);
// `h` alone passes the answer's limit once the rest of an answer is counted, yet its vendor page does not pass the read's cap.
const sizes: Record<string, number> = { b1: 1_500_000, b2: 1_500_000, h: 2_050_000 };
const ids = ['s0', 's1', 's2', 'b1', 's3', 's4', 's5', 'b2', 'h', 's6', 's7', 's8', 's9'];
const records = ids.map((id, index): MemoryRecord & { blob: string } => ({ id, n: NEWEST - index * 1_000, t: NEWEST - index * 1_000, tie: index, blob: 'x'.repeat(sizes[id] ?? 10) }));
let memory: MemoryApp;

beforeAll(async () => {
  // One record a vendor page: each body stays under the vendor read's own cap (the same limit).
  memory = await startMemoryApp([new MemoryVendor('heavy', 'page', 1, 0, records)], { maxResponseBytes: LIMIT_BYTES });
});
afterAll(() => memory.close());

interface RawPage {
  data: {
    rows: { id: string; raw: { blob?: string; omitted?: true; bytes?: number } }[];
    pagination: { hasMore: boolean; nextCursor: string | null };
    sizeLimited?: { maxBytes: number; rowsHeldBack: boolean; rawOmitted: number };
  };
}

describe('a page with include=raw', () => {
  it('stays within maxResponseBytes: rows past it wait for the next page, and a record too large alone is replaced by a marker (before: 19 MB pages for a 9.5 MB record)', async () => {
    const pages: { bytes: number; body: RawPage }[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '20', include: 'raw', ...(cursor ? { cursor } : {}) });
      const response = await memory.app.inject({ url: `/v1/agents/${MEMORY_AGENT}/conversations?${query}`, headers: { authorization: `Bearer ${memory.token}` } });
      expect(response.statusCode).toBe(200);
      const body = response.json() as RawPage;
      pages.push({ bytes: response.rawPayload.length, body });
      cursor = body.data.pagination.nextCursor;
    } while (cursor);
    for (const page of pages) expect(page.bytes).toBeLessThanOrEqual(LIMIT_BYTES);
    expect(pages.map((page) => page.body.data.rows.map((row) => row.id.split(':')[1]))).toEqual([
      ['s0', 's1', 's2', 'b1', 's3', 's4', 's5'],
      ['b2'],
      ['h'],
      ['s6', 's7', 's8', 's9'],
    ]);
    expect(pages.map((page) => page.body.data.sizeLimited)).toEqual([
      { maxBytes: LIMIT_BYTES, rowsHeldBack: true, rawOmitted: 0 },
      { maxBytes: LIMIT_BYTES, rowsHeldBack: true, rawOmitted: 0 },
      { maxBytes: LIMIT_BYTES, rowsHeldBack: true, rawOmitted: 1 },
      undefined,
    ]);
    expect(pages[2]!.body.data.rows[0]!.raw).toMatchObject({ omitted: true, bytes: expect.any(Number) });
    expect(pages[0]!.body.data.rows[3]!.raw.blob).toHaveLength(1_500_000);
  });

  it('without include=raw, a page is not limited by its records\' size', async () => {
    const response = await memory.app.inject({ url: `/v1/agents/${MEMORY_AGENT}/conversations?limit=20`, headers: { authorization: `Bearer ${memory.token}` } });
    expect(response.json().data.rows).toHaveLength(ids.length);
    expect(response.json().data).not.toHaveProperty('sizeLimited');
  });
});
