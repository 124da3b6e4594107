import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll } from '../support/walk.js';

/**
 * A source whose next rows provably lie beyond the page is not read: the cursor counts
 * the known rows of the other sources ahead of its head, and a page that cannot reach it
 * leaves it alone (status `skipped`, no request).
 */
const recent = new MemoryVendor('recent', 'page', 10, 0, []);
const middle = new MemoryVendor('middle', 'page', 10, 0, []);
const old = new MemoryVendor('old', 'page', 10, 0, []);
let memory: MemoryApp;

beforeAll(async () => {
  memory = await startMemoryApp([recent, middle, old]);
});
afterAll(async () => {
  await memory.close();
});

const records = (count: number, newest: number): MemoryRecord[] =>
  Array.from({ length: count }, (_, index) => ({ id: `r${String(index).padStart(2, '0')}`, n: newest - index, t: newest - index, tie: index }));

describe('reading only the sources a page can reach', () => {
  it('skips the older source while the newer one has enough known rows ahead of it', async () => {
    recent.reset(records(10, 1_000));
    old.reset(records(10, 100));
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '3', sources: 'recent,old' });
    expect(walk.rows.map((row) => row.id)).toEqual([...records(10, 1_000).map((record) => `recent:${record.id}`), ...records(10, 100).map((record) => `old:${record.id}`)]);
    const oldReports = walk.pages.map((page) => page.sources.find((source) => source.source === 'old')!);
    // Page 1 reads both (nothing known yet). Pages 2 and 3 start with 7 and 4 rows of
    // `recent` known ahead of `old`: at least a page, so `old` is left alone. Page 4 starts
    // with 1 known row ahead: `old` must be read.
    expect(oldReports.slice(0, 4).map((report) => [report.status, report.requests])).toEqual([
      ['ok', 1],
      ['skipped', 0],
      ['skipped', 0],
      ['ok', 1],
    ]);
    const recentRequests = walk.pages.map((page) => page.sources.find((source) => source.source === 'recent')!.requests);
    // Page 4 sends the last row of `recent` and reads its (empty) second page to prove the end.
    expect(recentRequests.slice(0, 4)).toEqual([1, 1, 1, 2]);
  });

  it('counts the known rows of a source left unread on this page from its cursor', async () => {
    recent.reset(records(10, 1_000));
    middle.reset(records(10, 500));
    old.reset(records(10, 100));
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '3', sources: 'recent,middle,old' });
    expect(walk.rows).toHaveLength(30);
    const statuses = (name: string) => walk.pages.slice(0, 5).map((page) => page.sources.find((source) => source.source === name)!.status);
    // `middle` is read again on page 4, when only one row of `recent` is left ahead of it.
    expect(statuses('middle')).toEqual(['ok', 'skipped', 'skipped', 'ok', 'ok']);
    // `old` has all ten known rows of `middle` ahead of it, counted from the cursor of
    // `middle` on the pages that leave `middle` unread: it waits until page 5 at least.
    expect(statuses('old')).toEqual(['ok', 'skipped', 'skipped', 'skipped', 'skipped']);
  });
});
