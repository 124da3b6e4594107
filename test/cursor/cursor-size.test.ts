import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CURSOR_CHARS } from '../../src/cursor/cursor-codec.js';
import { MAX_VENDOR_CURSOR_CHARS } from '../../src/merge/source-walk.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll } from '../support/walk.js';

/** Eight cursor vendors, lagging (so pages are read ahead), their records interleaved in time. */
const vendors = Array.from({ length: 8 }, (_, index) => new MemoryVendor(`long-cursor-${index}`, 'cursor-lag', 3, 60_000, records(index)));
let memory: MemoryApp;

function records(vendor: number): MemoryRecord[] {
  return Array.from({ length: 12 }, (_, index) => {
    const n = 100_000_000 - (index * 8 + vendor) * 7_000;
    return { id: `v${vendor}-r${String(index).padStart(2, '0')}`, n, t: n + ((index * 13 + vendor) % 5) * 10_000, tie: index };
  });
}

beforeAll(async () => {
  memory = await startMemoryApp(vendors);
});
afterAll(async () => {
  await memory.close();
});

describe('the size of a cursor', () => {
  it('stays within what the endpoint accepts, with eight sources whose vendor cursors are as long as allowed', async () => {
    for (const vendor of vendors) vendor.cursorPadding = MAX_VENDOR_CURSOR_CHARS - 40;
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '5' });
    expect(walk.rows).toHaveLength(8 * 12);
    expect(new Set(walk.rows.map((row) => row.id)).size).toBe(8 * 12);
    const longest = Math.max(...walk.pages.map((page) => page.pagination.nextCursor?.length ?? 0));
    // Before the bound: a 2,000-character vendor cursor alone made an 8,521-character cursor, refused on page 2.
    console.log(`longest cursor with eight 1,000-character vendor cursors: ${longest} characters`);
    expect(longest).toBeGreaterThan(4_000);
    expect(longest).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
  });

  it('a vendor cursor longer than a gateway cursor can carry ends that source, reported, and the walk goes on', async () => {
    for (const vendor of vendors) vendor.cursorPadding = 0;
    vendors[0]!.cursorPadding = 2_000;
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '20' });
    const report = walk.pages[0]!.sources.find((source) => source.source === 'long-cursor-0') as { status: string; error?: { code: string; message: string } };
    expect(report.status).toBe('error');
    expect(report.error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE' });
    expect(report.error!.message).toContain(`at most ${MAX_VENDOR_CURSOR_CHARS}`);
    // Every other source is walked to its end.
    expect(walk.rows.filter((row) => row.id.startsWith('long-cursor-1:'))).toHaveLength(12);
  });
});
