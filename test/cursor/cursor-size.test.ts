import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CURSOR_CHARS } from '../../src/cursor/cursor-codec.js';
import { MAX_VENDOR_CURSOR_CHARS } from '../../src/cursor/vendor-cursor-store.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll, type PageBody } from '../support/walk.js';

/** Thirty-two cursor vendors, lagging (so pages are read ahead), their records interleaved in time. */
const SOURCES = 32;
const ROWS = 6;
const vendors = Array.from({ length: SOURCES }, (_, index) => new MemoryVendor(`long-cursor-${index}`, 'cursor-lag', 2, 60_000, records(index)));
let first: MemoryApp;
let second: MemoryApp;
const urls: string[] = [];

function records(vendor: number): MemoryRecord[] {
  return Array.from({ length: ROWS }, (_, index) => {
    const n = 100_000_000 - (index * SOURCES + vendor) * 7_000;
    return { id: `v${vendor}-r${index}`, n, t: n + ((index * 13 + vendor) % 5) * 10_000, tie: index };
  });
}

beforeAll(async () => {
  // Two gateways with the same secrets and no shared store: a cursor from one is served by the other.
  first = await startMemoryApp(vendors);
  second = await startMemoryApp(vendors);
  for (const memory of [first, second]) {
    await memory.app.listen({ host: '127.0.0.1', port: 0 });
    urls.push(`http://127.0.0.1:${(memory.app.server.address() as { port: number }).port}`);
  }
});
afterAll(async () => {
  await first.close();
  await second.close();
});

/** Follows nextCursor over real HTTP (where a request line and headers are limited), each page from `urlOf(page)`. */
async function walkOverHttp(limit: number, urlOf: (page: number) => string) {
  const rows: string[] = [];
  const cursors: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page += 1) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${urlOf(page)}/v1/agents/${MEMORY_AGENT}/conversations?${query}`, { headers: { authorization: `Bearer ${first.token}` } });
    if (response.status !== 200) throw new Error(`page ${page} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const body = (await response.json()) as PageBody;
    rows.push(...body.data.rows.map((row) => row.id));
    cursor = body.data.pagination.nextCursor;
    if (cursor) cursors.push(cursor.length);
    if (!body.data.pagination.hasMore) return { rows, cursors, pages: page + 1, sources: body.data.sources };
  }
  throw new Error('the walk did not end');
}

const expectedIds = () =>
  vendors
    .flatMap((vendor) => vendor.records.map((record) => ({ id: `${vendor.name}:${record.id}`, t: record.t! })))
    .sort((a, b) => b.t - a.t || (a.id < b.id ? -1 : 1))
    .map((row) => row.id);

describe('the size of a cursor', () => {
  it('an agent bound to 32 sources whose vendor cursors are 1,000 incompressible characters is walked page after page: no cursor the gateway refuses', async () => {
    // Before: 16 such sources made a 16,487-character cursor on page 1, and page 2 was refused with 431.
    for (const vendor of vendors) vendor.cursorPadding = 1_000;
    const walk = await walkOverHttp(7, () => urls[0]!);
    expect(walk.rows).toEqual(expectedIds());
    const longest = Math.max(...walk.cursors);
    console.log(`32 sources with 1,000-character vendor cursors: ${walk.pages} pages, longest cursor ${longest} characters`);
    expect(longest).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
  });

  it('a cursor served by a replica that never kept its vendor cursors restarts those sources from their first page: nothing lost or repeated', async () => {
    for (const vendor of vendors) vendor.cursorPadding = 1_000;
    const walk = await walkOverHttp(5, (page) => urls[page % 2]!);
    expect(walk.rows).toEqual(expectedIds());
  });

  it('a vendor cursor longer than the gateway keeps ends that source, reported, and the walk goes on', async () => {
    for (const vendor of vendors) vendor.cursorPadding = 0;
    vendors[0]!.cursorPadding = MAX_VENDOR_CURSOR_CHARS + 100;
    const walk = await walkAll(first.app, first.token, MEMORY_AGENT, { limit: '100' });
    const report = walk.pages[0]!.sources.find((source) => source.source === 'long-cursor-0')!;
    expect(report.status).toBe('error');
    expect(report.error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE' });
    expect(report.error!.message).toContain(`at most ${MAX_VENDOR_CURSOR_CHARS}`);
    // Every other source is walked to its end.
    expect(walk.rows.filter((row) => row.id.startsWith('long-cursor-1:'))).toHaveLength(ROWS);
    vendors[0]!.cursorPadding = 0;
  });
});
