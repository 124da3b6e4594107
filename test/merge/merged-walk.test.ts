import { describe, expect, it } from 'vitest';
import type { PagePosition } from '../../src/contract/index.js';
import type { SourceCursor } from '../../src/cursor/walk-cursor.js';
import type { ConversationFilters } from '../../src/filters/conversation-filters.js';
import { cursorsOf, mergeWalks } from '../../src/merge/merged-walk.js';
import { SourceWalk } from '../../src/merge/source-walk.js';
import { memoryPageReader, memoryRuntime } from '../support/engine-walk.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';

/**
 * The k-way merge over source walks of memory vendors: which sources it reads, when it
 * stops, what `hasMore` says, and the count of known rows ahead that lets the next page
 * leave a source unread.
 */

const MINUTE = 60_000;
const record = (id: string, minute: number): MemoryRecord => ({ id, n: minute * MINUTE, t: minute * MINUTE, tie: 0 });
const at = (name: string, id: string, minute: number) => ({ t: minute * MINUTE, id: `${name}:${id}` });
const bound = (minute: number) => ({ t: minute * MINUTE, id: '' });
/** `count` records one step apart, newest first from `newest`. */
const records = (count: number, newest: number, step = 1) => Array.from({ length: count }, (_, index) => record(`r${index}`, newest - index * step));

function sourceOf(vendor: MemoryVendor, resume?: SourceCursor, filters: ConversationFilters = {}) {
  const reads: PagePosition[] = [];
  const walk = new SourceWalk(memoryRuntime(vendor), resume, memoryPageReader(vendor, reads), { filters, maxPages: 100 });
  return { walk, reads };
}

const never = () => false;

describe('mergeWalks', () => {
  it('sends a row two walks of one connection both hold once, and keeps each walk under its own key in the cursor', async () => {
    // Two bindings of one connection (a contact search over two agents) that both list r1 and r2.
    const shared = new MemoryVendor('shared', 'page', 2, 0, records(3, 100));
    const other = new MemoryVendor('shared', 'page', 2, 0, records(3, 99).map((item, index) => (index === 0 ? { ...item, id: 'r1' } : index === 1 ? { ...item, id: 'r2' } : { ...item, id: 'own' })));
    other.records[0]!.t = 99 * MINUTE;
    other.records[0]!.n = 99 * MINUTE;
    other.records[1]!.t = 98 * MINUTE;
    other.records[1]!.n = 98 * MINUTE;
    const first = new SourceWalk(memoryRuntime(shared), undefined, memoryPageReader(shared, []), { filters: {}, maxPages: 100, key: 'shared#one' });
    const second = new SourceWalk(memoryRuntime(other), undefined, memoryPageReader(other, []), { filters: {}, maxPages: 100, key: 'shared#two' });
    const page = await mergeWalks([first, second], 10, undefined, never);
    expect(page.rows.map((row) => row.id)).toEqual(['shared:r0', 'shared:r1', 'shared:r2', 'shared:own']);
    expect(page.hasMore).toBe(false);
    const short = await mergeWalks(
      [
        new SourceWalk(memoryRuntime(shared), undefined, memoryPageReader(shared, []), { filters: {}, maxPages: 100, key: 'shared#one' }),
        new SourceWalk(memoryRuntime(other), undefined, memoryPageReader(other, []), { filters: {}, maxPages: 100, key: 'shared#two' }),
      ],
      2,
      undefined,
      never,
    );
    expect(short.rows.map((row) => row.id)).toEqual(['shared:r0', 'shared:r1']);
    expect(short.hasMore).toBe(true);
    expect(Object.keys(cursorsOf([first, second])).sort()).toEqual(['shared#one', 'shared#two']);
  });

  it('sends the earliest rows of all sources in the gateway order, with the last one sent as the boundary', async () => {
    const a = sourceOf(new MemoryVendor('a', 'page', 3, 0, records(4, 100, 2)));
    const b = sourceOf(new MemoryVendor('b', 'page', 3, 0, records(4, 99, 2)));
    const page = await mergeWalks([a.walk, b.walk], 5, undefined, never);
    expect(page.rows.map((row) => row.id)).toEqual(['a:r0', 'b:r0', 'a:r1', 'b:r1', 'a:r2']);
    expect(page.boundary).toEqual(at('a', 'r2', 96));
    expect(page.hasMore).toBe(true);
  });

  it('says there is no more only when every source is known to have ended, reading on past a full page to know it', async () => {
    const vendor = new MemoryVendor('exact', 'page', 2, 0, records(2, 100));
    const exact = sourceOf(vendor);
    const page = await mergeWalks([exact.walk], 2, undefined, never);
    expect(page).toMatchObject({ hasMore: false, boundary: at('exact', 'r1', 99) });
    expect(exact.reads).toEqual([{ page: 1 }, { page: 2 }]);
    // One row more: the full page must read on until it finds it.
    const more = sourceOf(new MemoryVendor('more', 'page', 2, 0, records(3, 100)));
    expect((await mergeWalks([more.walk], 2, undefined, never)).hasMore).toBe(true);
    expect(more.reads).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
  });

  it('after a full page, reads the earliest unread source until a row is known to be left', async () => {
    const sent = sourceOf(new MemoryVendor('sent', 'page', 1, 0, [record('x', 100)]));
    // Page 1 of `empty-end` is empty: nothing is left, and the page must say so.
    const emptyEnd = sourceOf(new MemoryVendor('empty-end', 'page', 1, 0, []), { page: 1, pageSize: 1, known: 0, head: bound(50) });
    const page = await mergeWalks([sent.walk, emptyEnd.walk], 1, undefined, never);
    expect(page.hasMore).toBe(false);
    expect(emptyEnd.reads).toEqual([{ page: 1 }]);
  });

  it('knows a source has more without reading it when its cursor says its head is a row', async () => {
    const first = sourceOf(new MemoryVendor('first', 'page', 3, 0, [record('x', 100), record('y', 99)]));
    const resumed = sourceOf(new MemoryVendor('resumed', 'page', 3, 0, records(3, 50)), {
      page: 1,
      pageSize: 3,
      known: 1,
      head: at('resumed', 'r0', 50),
      headIsRow: true,
      ahead: 3,
    });
    const page = await mergeWalks([first.walk, resumed.walk], 1, undefined, never);
    expect(page.rows.map((row) => row.id)).toEqual(['first:x']);
    expect(page.hasMore).toBe(true);
    expect(resumed.reads).toEqual([]);
  });

  it('with nothing anywhere, an empty page without more', async () => {
    const none = sourceOf(new MemoryVendor('none', 'page', 3, 0, []));
    expect(await mergeWalks([none.walk], 3, undefined, never)).toEqual({ rows: [], hasMore: false, boundary: undefined, stoppedShort: [] });
    const done = sourceOf(new MemoryVendor('done', 'page', 3, 0, []), { pageSize: 3, known: 0, head: null });
    const start = at('done', 'r0', 1);
    expect(await mergeWalks([done.walk], 3, start, never)).toEqual({ rows: [], hasMore: false, boundary: start, stoppedShort: [] });
    expect(done.reads).toEqual([]);
  });

  it('reads first, together, every source a page may reach, and leaves one with at least a page of known rows ahead', async () => {
    const near = () => sourceOf(new MemoryVendor('near', 'page', 5, 0, records(5, 100)));
    const farVendor = new MemoryVendor('far', 'page', 5, 0, records(5, 10));
    const farAt = (ahead: number) => sourceOf(farVendor, { page: 1, pageSize: 5, known: 0, head: bound(10), ahead });
    const skipped = farAt(3);
    await mergeWalks([near().walk, skipped.walk], 3, undefined, never);
    expect(skipped.reads).toEqual([]);
    const reached = farAt(2);
    await mergeWalks([near().walk, reached.walk], 3, undefined, never);
    expect(reached.reads).toEqual([{ page: 1 }]);
  });

  it('reads, before sending a row, the sources whose bounds lie before it, and no other', async () => {
    const real = sourceOf(new MemoryVendor('real', 'page', 5, 0, records(5, 100)));
    const before = sourceOf(new MemoryVendor('before', 'page', 5, 0, records(5, 200)), { page: 1, pageSize: 5, known: 0, head: bound(200), ahead: 10 });
    const after = sourceOf(new MemoryVendor('after', 'page', 5, 0, records(5, 90)), { page: 1, pageSize: 5, known: 0, head: bound(90), ahead: 10 });
    const page = await mergeWalks([real.walk, before.walk, after.walk], 1, undefined, never);
    expect(page.rows.map((row) => row.id)).toEqual(['before:r0']);
    expect(before.reads).toEqual([{ page: 1 }]);
    expect(after.reads).toEqual([]);
  });

  it('reads before a row only the bounds before the earliest real row, in whatever order the sources come', async () => {
    const real = (name: string, newest: number) => sourceOf(new MemoryVendor(name, 'page', 5, 0, records(5, newest)));
    const unread = (name: string, minute: number) => sourceOf(new MemoryVendor(name, 'page', 5, 0, records(5, minute)), { page: 1, pageSize: 5, known: 0, head: bound(minute), ahead: 10 });
    // The earliest real row (minute 100) is listed between two later ones.
    const [late, early, later] = [real('late', 80), real('early', 100), real('later', 70)];
    const [first, between] = [unread('first', 150), unread('between', 90)];
    const page = await mergeWalks([late.walk, early.walk, later.walk, first.walk, between.walk], 1, undefined, never);
    expect(page.rows.map((row) => row.id)).toEqual(['first:r0']);
    expect(first.reads).toEqual([{ page: 1 }]);
    // Minute 90 lies after the row at minute 100: nothing there can come before the next row sent.
    expect(between.reads).toEqual([]);
  });

  it('reads the earliest bound alone while no source has a row to send', async () => {
    const soon = sourceOf(new MemoryVendor('soon', 'page', 1, 0, records(4, 100)), { page: 1, pageSize: 1, known: 0, head: bound(100), ahead: 10 });
    const late = sourceOf(new MemoryVendor('late', 'page', 1, 0, records(4, 50)), { page: 1, pageSize: 1, known: 0, head: bound(50), ahead: 10 });
    const page = await mergeWalks([soon.walk, late.walk], 1, undefined, never);
    expect(page.rows.map((row) => row.id)).toEqual(['soon:r0']);
    // Page 3 proves the next row of `soon` (so hasMore): `late` lies beyond it either way.
    expect(soon.reads).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
    expect(late.reads).toEqual([]);
  });

  it('when it must stop, sends what it has instead of reading on, says there may be more, and names the sources it left unread', async () => {
    const vendor = new MemoryVendor('slow', 'page', 1, 0, records(4, 100));
    const { walk, reads } = sourceOf(vendor);
    const page = await mergeWalks([walk], 3, undefined, () => true);
    expect(page).toMatchObject({ rows: [], hasMore: true, boundary: undefined });
    expect(page.stoppedShort).toHaveLength(1);
    expect(page.stoppedShort[0]).toBe(walk);
    expect(reads).toEqual([{ page: 1 }]);
    // A deadline that passes after two questions: one more page read, one row sent.
    let asked = 0;
    const later = sourceOf(vendor);
    const partial = await mergeWalks([later.walk], 3, undefined, () => ++asked > 1);
    expect(partial.rows.map((row) => row.id)).toEqual(['slow:r0']);
    expect(partial.hasMore).toBe(true);
    expect(partial.boundary).toEqual(at('slow', 'r0', 100));
    expect(later.reads).toEqual([{ page: 1 }, { page: 2 }]);
  });

  it('at the deadline after a full page, says there may be more rather than read on to know', async () => {
    // The second record does not map: only page 2 (empty) would tell that nothing is left.
    const vendor = new MemoryVendor('ends', 'page', 2, 0, [record('r0', 100), { ...record('x', 99), unmappable: true }]);
    const patient = sourceOf(vendor);
    expect(await mergeWalks([patient.walk], 1, undefined, never)).toMatchObject({ hasMore: false });
    expect(patient.reads).toEqual([{ page: 1 }, { page: 2 }]);
    const hurried = sourceOf(vendor);
    const page = await mergeWalks([hurried.walk], 1, undefined, () => true);
    expect(page.rows.map((row) => row.id)).toEqual(['ends:r0']);
    expect(page).toMatchObject({ hasMore: true, stoppedShort: [] });
    expect(hurried.reads).toEqual([{ page: 1 }]);
  });

  it('when it must stop before a row, names every source whose bound lies before that row, and only those', async () => {
    const real = sourceOf(new MemoryVendor('real', 'page', 5, 0, records(5, 100)));
    const unread = (name: string, minute: number) => sourceOf(new MemoryVendor(name, 'page', 5, 0, records(5, minute)), { page: 1, pageSize: 5, known: 0, head: bound(minute), ahead: 10 });
    const [first, second, beyond] = [unread('first', 200), unread('second', 150), unread('beyond', 50)];
    const page = await mergeWalks([real.walk, first.walk, second.walk, beyond.walk], 1, undefined, () => true);
    expect(page.rows).toEqual([]);
    expect(page.stoppedShort.map((walk) => walk.source.name)).toEqual(['first', 'second']);
    expect([first.reads, second.reads, beyond.reads]).toEqual([[], [], []]);
  });
});

describe('cursorsOf', () => {
  it("counts, for each source, the known rows of the others that come before its head", async () => {
    const read = sourceOf(new MemoryVendor('read', 'page', 4, 0, records(8, 100, 2)));
    await read.walk.advance(undefined);
    // Known: minutes 100, 98, 96 (94 waits at the frontier).
    expect(read.walk.knownKeys()).toHaveLength(3);
    const rowHead = sourceOf(new MemoryVendor('row-head', 'page', 4, 0, []), { page: 2, pageSize: 4, known: 3, head: at('row-head', 'h', 99), headIsRow: true, tail: at('row-head', 't', 95) });
    const boundHead = sourceOf(new MemoryVendor('bound-head', 'page', 4, 0, []), { page: 1, pageSize: 4, known: 0, head: bound(97) });
    const deep = sourceOf(new MemoryVendor('deep', 'page', 4, 0, []), { page: 1, pageSize: 4, known: 0, head: bound(90) });
    const sameTime = sourceOf(new MemoryVendor('same-time', 'page', 4, 0, []), { page: 1, pageSize: 4, known: 0, head: bound(98) });
    const finished = sourceOf(new MemoryVendor('finished', 'page', 4, 0, []), { pageSize: 4, known: 0, head: null });
    const cursors = cursorsOf([read.walk, rowHead.walk, boundHead.walk, deep.walk, sameTime.walk, finished.walk]);
    expect(Object.fromEntries(Object.entries(cursors).map(([name, cursor]) => [name, cursor.ahead]))).toEqual({
      // Nothing known elsewhere comes before minute 100.
      read: 0,
      // Minute 100 of `read`.
      'row-head': 1,
      // 100 and 98 of `read`, and the head row of `row-head` (its tail, 95, is not before 97).
      'bound-head': 3,
      // All three of `read`, and all three known rows of `row-head` (its tail, 95, is before 90).
      deep: 6,
      // 100 of `read` (its row at 98 sorts after the bound at 98) and the head row of `row-head`.
      'same-time': 2,
      finished: undefined,
    });
    expect(cursors.finished).toEqual({ pageSize: 4, known: 0, head: null });
    expect(cursors['row-head']).toEqual({ page: 2, pageSize: 4, known: 3, head: at('row-head', 'h', 99), headIsRow: true, tail: at('row-head', 't', 95), ahead: 1 });
  });
});
