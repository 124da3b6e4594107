import { describe, expect, it } from 'vitest';
import type { PagePosition } from '../../src/contract/index.js';
import type { SourceCursor } from '../../src/cursor/walk-cursor.js';
import type { ConversationFilters } from '../../src/filters/conversation-filters.js';
import { mapPage } from '../../src/merge/mapped-page.js';
import { SourceWalk } from '../../src/merge/source-walk.js';
import type { PageReader } from '../../src/merge/source-usage.js';
import { MAX_VENDOR_CURSOR_CHARS } from '../../src/cursor/vendor-cursor-store.js';
import { memoryPageReader, memoryRuntime } from '../support/engine-walk.js';
import { MemoryVendor, type MemoryKind, type MemoryRecord } from '../support/memory-vendors.js';

/**
 * One source's walk, read directly: what it says its head is, what it sends, where it
 * resumes, and when it stops, over memory vendors and vendors scripted page by page.
 */

const MINUTE = 60_000;
const record = (id: string, minute: number | null, extra: Partial<MemoryRecord> = {}): MemoryRecord => ({
  id,
  n: minute === null ? null : minute * MINUTE,
  t: minute === null ? null : minute * MINUTE,
  tie: 0,
  ...extra,
});
const key = (vendor: MemoryVendor, id: string, minute: number | null) => ({ t: minute === null ? null : minute * MINUTE, id: `${vendor.name}:${id}` });
const BEFORE_EVERYTHING = { t: Number.POSITIVE_INFINITY, id: '' };

/** r0..r(count-1), one minute apart, newest first from `newest`. */
const minutes = (count: number, newest = 100) => Array.from({ length: count }, (_, index) => record(`r${index}`, newest - index));

interface WalkSetup {
  resume?: SourceCursor;
  filters?: ConversationFilters;
  startBoundary?: { t: number | null; id: string };
  pageSize?: number;
  maxPages?: number;
  reader?: PageReader;
}

function walkOf(vendor: MemoryVendor, setup: WalkSetup = {}) {
  const reads: PagePosition[] = [];
  const reader = setup.reader ?? memoryPageReader(vendor, reads);
  const walk = new SourceWalk(memoryRuntime(vendor), setup.resume, reader, {
    filters: setup.filters ?? {},
    maxPages: setup.maxPages ?? 100,
    ...(setup.startBoundary ? { startBoundary: setup.startBoundary } : {}),
    ...(setup.pageSize === undefined ? {} : { pageSize: setup.pageSize }),
  });
  return { walk, reads };
}

/** Pages scripted by position (`page:N` or `cursor:X`, `cursor:` for the first), for vendors no memory vendor plays. */
function scripted(vendor: MemoryVendor, pages: Record<string, { records: MemoryRecord[]; next?: string | null }>, reads: string[] = []): PageReader {
  return async (position) => {
    const name = position.page !== undefined ? `page:${position.page}` : `cursor:${position.cursor ?? ''}`;
    reads.push(name);
    const page = pages[name];
    if (!page) throw new Error(`no page scripted at ${name}`);
    const mapped = await mapPage(memoryRuntime(vendor), { records: JSON.parse(JSON.stringify(page.records)), nextCursor: page.next, hasMore: page.next !== undefined && page.next !== null }, 1);
    return { page: mapped, cost: { requests: 1, fetchedAt: 0, cached: false } };
  };
}

/** The reader's pages with the native key of the records of these ids left unreadable (the adapter threw on it). */
function keyless(reader: PageReader, ids: string[]): PageReader {
  return async (position, pageSize) => {
    const read = await reader(position, pageSize);
    const records = read.page.records.map((mapped) => {
      if (!mapped.row || !ids.includes(mapped.row.conversationId)) return mapped;
      const { nativeKey: _unreadable, ...rest } = mapped;
      return rest;
    });
    return { ...read, page: { ...read.page, records } };
  };
}

/** Advances until the head is a row (or the walk ends); returns how many advances it took. */
async function advanceToRow(walk: SourceWalk, boundary?: { t: number | null; id: string }): Promise<number> {
  let advances = 0;
  while (walk.head() !== null && !walk.head()!.real) {
    await walk.advance(boundary);
    advances += 1;
    if (advances > 50) throw new Error('the walk never reached a row');
  }
  return advances;
}

async function sendAll(walk: SourceWalk): Promise<string[]> {
  const sent: string[] = [];
  for (;;) {
    await advanceToRow(walk);
    if (walk.head() === null) return sent;
    sent.push(walk.take().id);
  }
}

describe('a source walk before it reads', () => {
  it('may hold anything: its head is a bound before every key, and it resumes where a fresh walk starts', () => {
    const paged = walkOf(new MemoryVendor('paged', 'page', 4, 0, minutes(3))).walk;
    expect(paged.head()).toEqual({ key: BEFORE_EVERYTHING, real: false });
    expect(paged.isMaterialized).toBe(false);
    expect(paged.knownKeys()).toEqual([]);
    expect(paged.toCursor()).toEqual({ page: 1, pageSize: 4, known: 0 });
    expect(walkOf(new MemoryVendor('cursored', 'cursor-lag', 4, 0, [])).walk.toCursor()).toEqual({ vendorCursor: null, pageSize: 4, known: 0 });
    expect(walkOf(new MemoryVendor('windowed', 'window', 1, 0, [])).walk.toCursor()).toEqual({ pageSize: 0, known: 0 });
  });

  it("takes its head from the cursor it resumes: a bound, known to be a row when the cursor says so, or nothing", () => {
    const vendor = new MemoryVendor('resumed', 'page', 4, 0, minutes(3));
    const head = key(vendor, 'r1', 99);
    expect(walkOf(vendor, { resume: { page: 2, pageSize: 4, known: 0, head, headIsRow: true } }).walk.head()).toEqual({ key: head, real: false, known: true });
    expect(walkOf(vendor, { resume: { page: 2, pageSize: 4, known: 0, head } }).walk.head()).toEqual({ key: head, real: false, known: false });
    expect(walkOf(vendor, { resume: { page: 2, pageSize: 4, known: 0, head: null } }).walk.head()).toBeNull();
    expect(walkOf(vendor, { resume: { page: 2, pageSize: 4, known: 0 } }).walk.head()).toEqual({ key: BEFORE_EVERYTHING, real: false });
    const resume: SourceCursor = { page: 2, pageSize: 4, known: 0, head, headIsRow: true };
    expect(walkOf(vendor, { resume }).walk.toCursor()).toBe(resume);
  });

  it("asks for the cursor's page size, else the one asked, else the vendor's largest up to 100, within the vendor's bounds", async () => {
    const sizeOf = (vendor: MemoryVendor, setup: WalkSetup) => walkOf(vendor, setup).walk.toCursor().pageSize;
    const six = new MemoryVendor('six', 'page', 6, 0, []);
    const large = new MemoryVendor('large', 'page', 500, 0, []);
    expect(sizeOf(six, {})).toBe(6);
    expect(sizeOf(large, {})).toBe(100);
    expect(sizeOf(six, { pageSize: 3 })).toBe(3);
    expect(sizeOf(six, { pageSize: 30 })).toBe(6);
    expect(sizeOf(six, { pageSize: 3, resume: { page: 1, pageSize: 2, known: 0 } })).toBe(2);
    expect(sizeOf(large, { pageSize: 0 })).toBe(1);
  });

  it('refuses to send a row it does not have', () => {
    expect(() => walkOf(new MemoryVendor('empty', 'page', 2, 0, [])).walk.take()).toThrow('take() on an empty walk');
  });
});

describe('a source walk reading pages', () => {
  it('sends a row once nothing unread can come before it; the last row of a page waits for the next page', async () => {
    const vendor = new MemoryVendor('paged', 'page', 2, 0, minutes(5));
    const { walk, reads } = walkOf(vendor);
    await walk.advance(undefined);
    expect(walk.isMaterialized).toBe(true);
    expect(walk.head()).toEqual({ key: key(vendor, 'r0', 100), real: true });
    expect(walk.knownKeys()).toEqual([key(vendor, 'r0', 100)]);
    expect(walk.toCursor()).toEqual({
      pageSize: 2,
      head: key(vendor, 'r0', 100),
      headIsRow: true,
      known: 1,
      tail: key(vendor, 'r0', 100),
      page: 1,
      anchor: { nativeKey: 100 * MINUTE, conversationId: 'r0' },
    });
    expect(walk.take().id).toBe('paged:r0');
    // r1 sits at the page's frontier: the next page may hold a row of the same time that sorts first.
    expect(walk.head()).toEqual({ key: { t: 99 * MINUTE, id: '' }, real: false });
    expect(walk.knownKeys()).toEqual([]);
    expect(walk.toCursor()).toMatchObject({ head: { t: 99 * MINUTE, id: '' }, headIsRow: false, known: 0, page: 1, anchor: { conversationId: 'r1' } });
    await walk.advance(undefined);
    expect(walk.head()).toEqual({ key: key(vendor, 'r1', 99), real: true });
    expect(walk.knownKeys()).toEqual([key(vendor, 'r1', 99), key(vendor, 'r2', 98)]);
    expect(reads).toEqual([{ page: 1 }, { page: 2 }]);
  });

  it('sends every row once, in the gateway order, and ends on an empty page, a short page or the last page', async () => {
    const cases: [MemoryKind, number][] = [
      ['page', 5],
      ['page-short-ends', 4],
      ['page-with-totals', 4],
      ['cursor-lag', 4],
      ['window', 1],
    ];
    for (const [kind, expectedReads] of cases) {
      const records = [record('b', 5), record('a', 5, { tie: 1 }), record('c', 7), record('d', null), record('e', 1), record('f', null, { tie: 2 }), record('g', 0)];
      const vendor = new MemoryVendor(`k-${kind}`, kind, kind === 'window' ? 1 : 2, 0, records);
      const { walk, reads } = walkOf(vendor);
      const sent = await sendAll(walk);
      expect(sent, kind).toEqual(['c', 'a', 'b', 'e', 'g', 'd', 'f'].map((id) => `k-${kind}:${id}`));
      expect(reads, kind).toHaveLength(expectedReads);
      expect(walk.head()).toBeNull();
      expect(walk.toCursor()).toEqual({ pageSize: kind === 'window' ? 0 : 2, head: null, known: 0 });
      expect(walk.repeated || walk.outOfOrder > 0 || walk.skipped > 0).toBe(false);
    }
  });

  it('keeps a whole window in its own order: no frontier, every row known at once', async () => {
    const vendor = new MemoryVendor('window', 'window', 1, 0, [record('a', 1), record('b', 9), record('c', null)]);
    const { walk } = walkOf(vendor);
    await walk.advance(undefined);
    expect(walk.knownKeys()).toEqual([key(vendor, 'b', 9), key(vendor, 'a', 1), key(vendor, 'c', null)]);
    expect(walk.toCursor()).toEqual({ pageSize: 0, head: key(vendor, 'b', 9), headIsRow: true, known: 3, tail: key(vendor, 'c', null) });
    expect(walk.outOfOrder).toBe(0);
  });

  it('counts records it could not map, and a page of them is no repeat of the one before', async () => {
    const vendor = new MemoryVendor('broken', 'page', 1, 0, [record('a', 9), record('x', 8, { unmappable: true }), record('y', 7, { unmappable: true }), record('b', 6)]);
    const { walk } = walkOf(vendor);
    expect(await sendAll(walk)).toEqual(['broken:a', 'broken:b']);
    expect(walk.skipped).toBe(2);
    expect(walk.repeated).toBe(false);
  });

  it('a page read twice in a row (same rows) ends the walk there, as a repeat', async () => {
    const vendor = new MemoryVendor('stuck', 'page', 2, 0, []);
    const same = { records: [record('a', 9), record('b', 8)] };
    const reads: string[] = [];
    const { walk } = walkOf(vendor, { reader: scripted(vendor, { 'page:1': same, 'page:2': same, 'page:3': { records: [record('c', 1)] } }, reads) });
    expect(await sendAll(walk)).toEqual(['stuck:a', 'stuck:b']);
    expect(walk.repeated).toBe(true);
    expect(reads).toEqual(['page:1', 'page:2']);
  });

  it('a vendor cursor seen before ends the walk, counting the one it resumed from', async () => {
    const vendor = new MemoryVendor('looping', 'cursor-lag', 1, 0, []);
    const pages = {
      'cursor:': { records: [record('a', 9)], next: 'A' },
      'cursor:A': { records: [record('b', 8)], next: 'B' },
      'cursor:B': { records: [record('c', 7)], next: 'A' },
    };
    const fresh: string[] = [];
    const first = walkOf(vendor, { reader: scripted(vendor, pages, fresh) }).walk;
    expect(await sendAll(first)).toEqual(['looping:a', 'looping:b', 'looping:c']);
    expect(first.repeated).toBe(true);
    expect(fresh).toEqual(['cursor:', 'cursor:A', 'cursor:B']);
    const resumed: string[] = [];
    const again = walkOf(vendor, { reader: scripted(vendor, pages, resumed), resume: { vendorCursor: 'A', pageSize: 1, known: 0 } }).walk;
    expect(await sendAll(again)).toEqual(['looping:b', 'looping:c']);
    expect(again.repeated).toBe(true);
    expect(resumed).toEqual(['cursor:A', 'cursor:B']);
  });

  it(`takes vendor cursors up to ${MAX_VENDOR_CURSOR_CHARS} characters; a longer one fails the source as a bad response`, async () => {
    const vendor = new MemoryVendor('long', 'cursor-lag', 1, 0, []);
    const longest = 'x'.repeat(MAX_VENDOR_CURSOR_CHARS);
    const pages = { 'cursor:': { records: [record('a', 9)], next: longest }, [`cursor:${longest}`]: { records: [record('b', 8)], next: `${longest}y` } };
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    await walk.advance(undefined);
    expect(walk.failed).toBeUndefined();
    await walk.advance(undefined);
    expect(walk.failed).toMatchObject({
      code: 'VENDOR_BAD_RESPONSE',
      message: `the vendor's next cursor has ${MAX_VENDOR_CURSOR_CHARS + 1} characters; the gateway keeps vendor cursors of at most ${MAX_VENDOR_CURSOR_CHARS}`,
    });
    expect(walk.head()).toBeNull();
    expect(walk.knownKeys()).toEqual([]);
  });

  it('a failing vendor fails the walk: no head, no known rows, and it resumes where it would have', async () => {
    const vendor = new MemoryVendor('down', 'page', 2, 0, minutes(4));
    vendor.failing = true;
    const fresh = walkOf(vendor).walk;
    await fresh.advance(undefined);
    expect(fresh.failed).toMatchObject({ code: 'VENDOR_HTTP_ERROR' });
    expect(fresh.head()).toBeNull();
    expect(fresh.toCursor()).toEqual({ page: 1, pageSize: 2, known: 0 });
    const resume: SourceCursor = { page: 2, pageSize: 2, known: 0, head: { t: 3, id: 'x' } };
    const resumed = walkOf(vendor, { resume }).walk;
    await resumed.advance(undefined);
    expect(resumed.toCursor()).toBe(resume);
    // Once failed it reads no more.
    vendor.failing = false;
    const { walk, reads } = walkOf(vendor, { maxPages: 1 });
    await walk.advance(undefined);
    await walk.advance(undefined);
    expect(walk.failed).toMatchObject({ code: 'PAGE_CAP_REACHED' });
    await walk.advance(undefined);
    expect(reads).toHaveLength(1);
  });

  it('reads no further once it has ended', async () => {
    const vendor = new MemoryVendor('short', 'page-short-ends', 3, 0, minutes(2));
    const { walk, reads } = walkOf(vendor);
    await walk.advance(undefined);
    await walk.advance(undefined);
    expect(reads).toEqual([{ page: 1 }]);
    expect(walk.head()).toEqual({ key: key(vendor, 'r0', 100), real: true });
    expect(walk.knownKeys()).toEqual([key(vendor, 'r0', 100), key(vendor, 'r1', 99)]);
  });
});

describe('the native order a walk relies on', () => {
  it('counts a record whose native key comes after the frontier as out of order, and does not move the frontier back', async () => {
    const vendor = new MemoryVendor('unruly', 'page', 2, 0, []);
    const pages = {
      'page:1': { records: [record('a', 9), record('b', 5)] },
      'page:2': { records: [record('c', 7), record('d', 4)] },
      'page:3': { records: [] },
    };
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    await walk.advance(undefined);
    await walk.advance(undefined);
    expect(walk.outOfOrder).toBe(1);
    expect(walk.head()).toEqual({ key: key(vendor, 'a', 9), real: true });
    // The frontier is 4 (d), not 7: c is known, d waits for the next page.
    expect(walk.knownKeys()).toEqual([key(vendor, 'a', 9), key(vendor, 'c', 7), key(vendor, 'b', 5)]);
  });

  it('enters the null tail once, and a dated record after it (even at native key 0) is out of order (but sent, when it is not too late)', async () => {
    for (const minute of [8, 0]) {
      const vendor = new MemoryVendor(`tail-${minute}`, 'page', 2, 0, []);
      const pages = {
        'page:1': { records: [record('a', 9), record('n1', null)] },
        'page:2': { records: [record('n2', null, { tie: 1 }), record('late', minute)] },
        'page:3': { records: [] },
      };
      const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
      await walk.advance(undefined);
      expect(walk.knownKeys()).toEqual([key(vendor, 'a', 9)]);
      expect(walk.head()).toEqual({ key: key(vendor, 'a', 9), real: true });
      walk.take();
      expect(walk.head()).toEqual({ key: { t: null, id: '' }, real: false });
      await walk.advance(undefined);
      expect(walk.outOfOrder, `minute ${minute}`).toBe(1);
      expect(walk.head()).toEqual({ key: key(vendor, 'late', minute), real: true });
      expect(walk.knownKeys()).toEqual([key(vendor, 'late', minute)]);
    }
  });

  it('a record whose native key cannot be read leaves the frontier where it was', async () => {
    const vendor = new MemoryVendor('keyless', 'page', 3, 0, []);
    const pages = { 'page:1': { records: [record('a', 9), record('c', 7), record('b', 8)] }, 'page:2': { records: [record('d', 6)] }, 'page:3': { records: [] } };
    const { walk } = walkOf(vendor, { reader: keyless(scripted(vendor, pages), ['b']) });
    await walk.advance(undefined);
    // The frontier is c's 7: b (activity 8) is proved by it, c waits for the next page.
    expect(walk.knownKeys()).toEqual([key(vendor, 'a', 9), key(vendor, 'b', 8)]);
    expect(walk.outOfOrder).toBe(0);
    expect(await sendAll(walk)).toEqual(['keyless:a', 'keyless:b', 'keyless:c', 'keyless:d']);
  });

  it('a page with no native key it can read proves nothing: the head stays a bound before everything', async () => {
    const vendor = new MemoryVendor('no-keys', 'page', 2, 0, []);
    const pages = { 'page:1': { records: [record('a', 9), record('b', 8)] }, 'page:2': { records: [record('c', 7)] }, 'page:3': { records: [] } };
    const { walk } = walkOf(vendor, { reader: keyless(scripted(vendor, pages), ['a', 'b']) });
    await walk.advance(undefined);
    expect(walk.head()).toEqual({ key: BEFORE_EVERYTHING, real: false });
    expect(walk.knownKeys()).toEqual([]);
    // It resumes at the row read first, anchored with no native key.
    expect(walk.toCursor()).toMatchObject({ page: 1, anchor: { nativeKey: null, conversationId: 'a' } });
    await walk.advance(undefined);
    expect(walk.head()).toEqual({ key: key(vendor, 'a', 9), real: true });
    expect(walk.knownKeys()).toEqual([key(vendor, 'a', 9), key(vendor, 'b', 8)]);
  });

  it('a page-numbered vendor that also hands out next cursors is not held to them: the same one on every page is no loop', async () => {
    const vendor = new MemoryVendor('paged-cursors', 'page', 1, 0, []);
    const pages = {
      'page:1': { records: [record('a', 9)], next: 'same' },
      'page:2': { records: [record('b', 8)], next: 'same' },
      'page:3': { records: [record('c', 7)], next: 'same' },
      'page:4': { records: [] },
    };
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    expect(await sendAll(walk)).toEqual(['paged-cursors:a', 'paged-cursors:b', 'paged-cursors:c']);
    expect(walk.repeated).toBe(false);
  });

  it('a bounded-lag vendor proves a row only once its frontier is more than the lag behind it', async () => {
    const vendor = new MemoryVendor('lagging', 'cursor-lag', 1, 3 * MINUTE, [record('a', 10), record('b', 8), record('c', 7), record('d', 6), record('e', 2)]);
    const { walk, reads } = walkOf(vendor);
    expect(await advanceToRow(walk)).toBe(4);
    expect(reads).toHaveLength(4);
    expect(walk.head()).toEqual({ key: key(vendor, 'a', 10), real: true });
    expect(walk.knownKeys()).toEqual([key(vendor, 'a', 10)]);
  });
});

/** The vendor shifted by one row between two reads: b shows on both pages. */
const shiftedByOne = () => ({
  'page:1': { records: [record('a', 9), record('b', 8)] },
  'page:2': { records: [record('b', 8), record('c', 7)] },
  'page:3': { records: [] },
});

describe('bounds and filters', () => {
  it('buffers only rows matching the filters', async () => {
    const vendor = new MemoryVendor('filtered', 'page', 10, 0, minutes(6));
    const { walk } = walkOf(vendor, { filters: { until: 98 * MINUTE } });
    expect(await sendAll(walk)).toEqual(['r3', 'r4', 'r5'].map((id) => `filtered:${id}`));
  });

  it('ends at `since` as soon as nothing unread can match, counting the lag', async () => {
    const since = 95 * MINUTE;
    const plain = new MemoryVendor('since', 'page', 1, 0, minutes(10));
    const { walk, reads } = walkOf(plain, { filters: { since } });
    expect(await sendAll(walk)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5'].map((id) => `since:${id}`));
    // r6 (minute 94) is the first record before since: the walk stops on its page.
    expect(reads).toHaveLength(7);
    const lagging = new MemoryVendor('since-lag', 'cursor-lag', 1, 2 * MINUTE, minutes(10));
    const lagged = walkOf(lagging, { filters: { since } });
    await sendAll(lagged.walk);
    // With two minutes of lag, minute 93 may still hold a row of minute 95: it stops on minute 92.
    expect(lagged.reads).toHaveLength(9);
  });

  it('ends in the null tail under any time bound, reads on through it without one', async () => {
    const records = [record('a', 5), record('n1', null), record('n2', null, { tie: 1 }), record('n3', null, { tie: 2 })];
    const bounded = walkOf(new MemoryVendor('until', 'page', 1, 0, records), { filters: { until: 9 * MINUTE } });
    expect(await sendAll(bounded.walk)).toEqual(['until:a']);
    expect(bounded.reads).toHaveLength(2);
    const since = walkOf(new MemoryVendor('since-null', 'page', 1, 0, records), { filters: { since: 1 * MINUTE } });
    await sendAll(since.walk);
    expect(since.reads).toHaveLength(2);
    const open = walkOf(new MemoryVendor('open', 'page', 1, 0, records));
    expect(await sendAll(open.walk)).toEqual(['open:a', 'open:n1', 'open:n2', 'open:n3']);
  });

  it('skips rows at or before the start boundary, and counts rows between it and the merge boundary as out of order unless sent', async () => {
    const vendor = new MemoryVendor('bounded', 'page', 10, 0, minutes(6));
    const { walk } = walkOf(vendor, { startBoundary: key(vendor, 'r1', 99) });
    await walk.advance(key(vendor, 'r3', 97));
    // r0, r1: sent before this request. r2, r3: due before the merge boundary, never sent here.
    expect(walk.outOfOrder).toBe(2);
    expect(walk.knownKeys()).toEqual([key(vendor, 'r4', 96)]);
  });

  it('a row it sent itself is not out of order when a later page shows it again', async () => {
    const vendor = new MemoryVendor('again', 'page', 2, 0, []);
    const pages = shiftedByOne();
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    await walk.advance(undefined);
    walk.take();
    await walk.advance(key(vendor, 'a', 9));
    walk.take();
    await walk.advance(key(vendor, 'b', 8));
    expect(walk.outOfOrder).toBe(0);
    expect(walk.head()).toEqual({ key: key(vendor, 'c', 7), real: true });
  });

  it('a row it sent itself, seen again under the boundary (rows inserted above pushed it down), counts once: as the native order broken', async () => {
    const vendor = new MemoryVendor('pushed', 'page', 3, 0, []);
    const pages = {
      'page:1': { records: [record('a', 9), record('b', 8), record('c', 7)] },
      'page:2': { records: [record('d', 6), record('e', 5), record('f', 4)] },
      // Two rows inserted above: e (sent) and f (read, unsent) come again.
      'page:3': { records: [record('e', 5), record('f', 4), record('g', 3)] },
      'page:4': { records: [] },
    };
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    await walk.advance(undefined);
    expect([walk.take().id, walk.take().id]).toEqual(['pushed:a', 'pushed:b']);
    await walk.advance(key(vendor, 'b', 8));
    expect([walk.take().id, walk.take().id, walk.take().id]).toEqual(['pushed:c', 'pushed:d', 'pushed:e']);
    await walk.advance(key(vendor, 'e', 5));
    // e's native key lies behind the frontier (f): that counts it; being sent, it is not counted again as late.
    expect(walk.outOfOrder).toBe(1);
    expect(walk.knownKeys()).toEqual([key(vendor, 'f', 4)]);
  });

  it('a row on two pages (the vendor shifted) is buffered once', async () => {
    const vendor = new MemoryVendor('twice', 'page', 2, 0, []);
    const pages = shiftedByOne();
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    expect(await sendAll(walk)).toEqual(['twice:a', 'twice:b', 'twice:c']);
  });

  it('a later page with rows that sort before buffered ones merges them in order', async () => {
    const vendor = new MemoryVendor('merging', 'cursor-lag', 2, 10 * MINUTE, []);
    // Lagging activity: page 2 holds rows whose activity sorts among page 1's.
    const pages = {
      'cursor:': { records: [record('a', 50, { t: 50 * MINUTE }), record('b', 49, { t: 40 * MINUTE })], next: 'B' },
      'cursor:B': { records: [record('c', 48, { t: 45 * MINUTE }), record('d', 47, { t: 30 * MINUTE })], next: 'C' },
      'cursor:C': { records: [record('e', 20, { t: 20 * MINUTE })] },
    };
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    expect(await sendAll(walk)).toEqual(['a', 'c', 'b', 'd', 'e'].map((id) => `merging:${id}`));
  });

  it('sends a long walk whole, however many rows it has sent before', async () => {
    const vendor = new MemoryVendor('long', 'page', 100, 0, minutes(2_500, 5_000));
    const { walk } = walkOf(vendor);
    const sent = await sendAll(walk);
    expect(sent).toHaveLength(2_500);
    expect(new Set(sent).size).toBe(2_500);
    expect(sent[0]).toBe('long:r0');
    expect(sent[2_499]).toBe('long:r2499');
  });
});

describe('where a walk resumes', () => {
  const lagging = () => new MemoryVendor('resuming', 'cursor-lag', 1, 3 * MINUTE, []);
  /** Head a (minute 10) needs pages down to d (minute 6) to be proved, with a lag of three minutes. */
  const chain = (first: string, cursors: [string, string, string, string]) => ({
    [`cursor:${first}`]: { records: [record('a', 10)], next: cursors[0] },
    [`cursor:${cursors[0]}`]: { records: [record('b', 8)], next: cursors[1] },
    [`cursor:${cursors[1]}`]: { records: [record('c', 7)], next: cursors[2] },
    [`cursor:${cursors[2]}`]: { records: [record('d', 6)], next: cursors[3] },
    [`cursor:${cursors[3]}`]: { records: [record('e', 2)] },
  });

  it("at the page of its earliest-read unsent row, with that row as the anchor and the pages that proved it read ahead", async () => {
    const vendor = lagging();
    const pages = chain('', ['B', 'C', 'D', 'E']);
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages) });
    await advanceToRow(walk);
    expect(walk.toCursor()).toEqual({
      pageSize: 1,
      head: key(vendor, 'a', 10),
      headIsRow: true,
      known: 1,
      tail: key(vendor, 'a', 10),
      vendorCursor: null,
      anchor: { nativeKey: 10 * MINUTE, conversationId: 'a' },
      readAhead: [{ cursor: 'B' }, { cursor: 'C' }, { cursor: 'D' }],
    });
    // The next request starts those reads at once, and reads none of them twice.
    const reads: string[] = [];
    const resumed = walkOf(vendor, { reader: scripted(vendor, pages, reads), resume: walk.toCursor() }).walk;
    await advanceToRow(resumed);
    expect(reads).toEqual(['cursor:B', 'cursor:C', 'cursor:D', 'cursor:']);
    expect(resumed.head()).toEqual({ key: key(vendor, 'a', 10), real: true });
  });

  it('reads ahead the pages needed, whatever the length of their vendor cursors (a cursor keeps the long ones by reference)', async () => {
    const vendor = lagging();
    const start = 's'.repeat(100);
    const pages = chain(start, ['b'.repeat(500), 'c'.repeat(2_000), 'd', 'e']);
    const { walk } = walkOf(vendor, { reader: scripted(vendor, pages), resume: { vendorCursor: start, pageSize: 1, known: 0 } });
    await advanceToRow(walk);
    expect(walk.toCursor()).toMatchObject({ vendorCursor: start, readAhead: [{ cursor: 'b'.repeat(500) }, { cursor: 'c'.repeat(2_000) }, { cursor: 'd' }] });
  });

  it('with no read-ahead when the resume page alone proves the head', async () => {
    const vendor = new MemoryVendor('proved', 'page', 3, 0, minutes(6));
    const { walk } = walkOf(vendor);
    await advanceToRow(walk);
    expect(walk.toCursor()).not.toHaveProperty('readAhead');
  });

  it('with nothing unsent, page numbers go back to the page of the last row read (rows above may go), the next page read with it', async () => {
    const vendor = new MemoryVendor('nothing-held', 'page', 2, 0, minutes(6));
    const { walk } = walkOf(vendor, { filters: { until: 98 * MINUTE } });
    await walk.advance(undefined);
    expect(walk.toCursor()).toEqual({
      pageSize: 2,
      head: { t: 99 * MINUTE, id: '' },
      headIsRow: false,
      known: 0,
      tail: undefined,
      page: 1,
      anchor: { nativeKey: 99 * MINUTE, conversationId: 'r1' },
      readAhead: [{ page: 2 }],
    });
  });

  it('with nothing unsent, reads the last page read again, anchored by native key when nothing on it maps, never further back', async () => {
    const vendor = new MemoryVendor('then-broken', 'page', 2, 0, [...minutes(2), record('x', 97, { unmappable: true }), record('y', 96, { unmappable: true }), record('z', 1)]);
    const { walk } = walkOf(vendor, { filters: { until: 98 * MINUTE } });
    await walk.advance(undefined);
    await walk.advance(undefined);
    const cursor = walk.toCursor();
    expect(cursor).toMatchObject({ page: 2, readAhead: [{ page: 3 }], anchor: { nativeKey: 96 * MINUTE, conversationId: '' } });
  });

  it('with nothing unsent and a last page read of records neither mapped nor keyed, reads it again unanchored, never by an older row', async () => {
    const vendor = new MemoryVendor('keyless-junk', 'page', 2, 0, [...minutes(2), record('x', 97, { unmappable: true }), record('y', 96, { unmappable: true }), record('z', 1)]);
    // The records of the page did not map and their native keys could not be read either.
    const keylessJunkOn = (junkPage: number, from = vendor): PageReader => {
      const reader = memoryPageReader(from, []);
      return async (position, pageSize) => {
        const read = await reader(position, pageSize);
        return position.page === junkPage ? { ...read, page: { ...read.page, records: read.page.records.map(({ nativeKey: _unreadable, ...rest }) => rest) } } : read;
      };
    };
    const { walk } = walkOf(vendor, { reader: keylessJunkOn(2), filters: { until: 98 * MINUTE } });
    await walk.advance(undefined);
    await walk.advance(undefined);
    const cursor = walk.toCursor();
    expect(cursor).toMatchObject({ page: 2, readAhead: [{ page: 3 }] });
    expect(cursor.anchor).toBeUndefined();
    // Nothing mapped or keyed read at all: the first page read again, unanchored.
    const junkFirst = new MemoryVendor('keyless-junk-first', 'page', 2, 0, [record('x', 97, { unmappable: true }), record('y', 96, { unmappable: true }), record('z', 1)]);
    const first = walkOf(junkFirst, { reader: keylessJunkOn(1, junkFirst) }).walk;
    await first.advance(undefined);
    expect(first.toCursor()).toMatchObject({ page: 1, readAhead: [{ page: 2 }] });
    expect(first.toCursor().anchor).toBeUndefined();
  });

  it('with nothing unsent, a keyset cursor resumes where it is, and a first page of nothing mapped is read again, anchored by native key', async () => {
    const keyset = new MemoryVendor('keyset', 'cursor-lag', 2, 0, []);
    const pages = { 'cursor:': { records: [record('a', 100), record('b', 99)], next: 'B' }, 'cursor:B': { records: [record('c', 10)] } };
    const filtered = walkOf(keyset, { reader: scripted(keyset, pages), filters: { until: 98 * MINUTE } }).walk;
    await filtered.advance(undefined);
    expect(filtered.toCursor()).toEqual({ pageSize: 2, head: { t: 99 * MINUTE, id: '' }, headIsRow: false, known: 0, tail: undefined, vendorCursor: 'B' });
    const broken = new MemoryVendor('broken-first', 'page', 2, 0, [record('x', 100, { unmappable: true }), record('y', 99, { unmappable: true }), record('z', 50)]);
    const unmapped = walkOf(broken).walk;
    await unmapped.advance(undefined);
    expect(unmapped.toCursor()).toEqual({ pageSize: 2, head: { t: 99 * MINUTE, id: '' }, headIsRow: false, known: 0, tail: undefined, page: 1, anchor: { nativeKey: 99 * MINUTE, conversationId: '' }, readAhead: [{ page: 2 }] });
  });

  describe('a page-numbered walk whose rows moved up since the cursor', () => {
    const anchored = (page: number, id: string, minute: number | null): SourceCursor => ({
      page,
      pageSize: 2,
      known: 0,
      head: { t: minute === null ? null : minute * MINUTE, id: '' },
      anchor: { nativeKey: minute === null ? null : minute * MINUTE, conversationId: id },
    });

    it('steps back a page per page of shift, to the page that holds its anchor', async () => {
      const vendor = new MemoryVendor('shifted', 'page', 2, 0, minutes(10));
      vendor.records.splice(0, 2);
      const { walk, reads } = walkOf(vendor, { resume: anchored(3, 'r4', 96) });
      await walk.advance(undefined);
      expect(reads).toEqual([{ page: 3 }, { page: 2 }]);
      expect(walk.head()).toEqual({ key: key(vendor, 'r4', 96), real: true });
      expect(walk.knownKeys()).toEqual([key(vendor, 'r4', 96), key(vendor, 'r5', 95), key(vendor, 'r6', 94)]);
      // Its rows are placed on the page they were read from: the next request resumes there.
      expect(walk.toCursor()).toMatchObject({ page: 2, anchor: { nativeKey: 96 * MINUTE, conversationId: 'r4' } });
      await walk.advance(undefined);
      expect(reads).toEqual([{ page: 3 }, { page: 2 }, { page: 4 }]);
    });

    it('does not step back when the anchor is on its page, or the page starts above its place', async () => {
      const still = new MemoryVendor('still', 'page', 2, 0, minutes(10));
      const onPage = walkOf(still, { resume: anchored(3, 'r4', 96) });
      await onPage.walk.advance(undefined);
      expect(onPage.reads).toEqual([{ page: 3 }]);
      const grown = new MemoryVendor('grown', 'page', 2, 0, [record('new1', 200), record('new2', 201), ...minutes(10)]);
      const above = walkOf(grown, { resume: anchored(3, 'r4', 96) });
      await above.walk.advance(undefined);
      expect(above.reads).toEqual([{ page: 3 }]);
    });

    it('steps back no further than page 1, and over empty pages', async () => {
      const vendor = new MemoryVendor('emptied', 'page', 2, 0, minutes(10));
      vendor.records.splice(0, 9);
      const { walk, reads } = walkOf(vendor, { resume: anchored(3, 'r4', 96) });
      await walk.advance(undefined);
      expect(reads).toEqual([{ page: 3 }, { page: 2 }, { page: 1 }]);
      // Page 3 was empty: the walk has ended, with r9 from page 1 left to send.
      expect(walk.knownKeys()).toEqual([key(vendor, 'r9', 91)]);
      expect(walk.head()).toEqual({ key: key(vendor, 'r9', 91), real: true });
    });

    it('an anchor in the null tail: a page starting with a dated row starts above it', async () => {
      const records = [...minutes(4), record('n0', null), record('n1', null, { tie: 1 }), record('n2', null, { tie: 2 })];
      const dated = new MemoryVendor('dated', 'page', 2, 0, records);
      const atDated = walkOf(dated, { resume: anchored(2, 'n9', null) });
      await atDated.walk.advance(undefined);
      expect(atDated.reads).toEqual([{ page: 2 }]);
      const undated = new MemoryVendor('undated', 'page', 2, 0, records);
      const atNull = walkOf(undated, { resume: anchored(3, 'n9', null) });
      await atNull.walk.advance(undefined);
      expect(atNull.reads).toEqual([{ page: 3 }, { page: 2 }]);
    });

    it('an anchor in the null tail: a page starting with a row of native key 0 starts above it; one whose first key cannot be read does not', async () => {
      const records = [record('zero', 0), record('n0', null), record('n1', null, { tie: 1 })];
      const epoch = new MemoryVendor('epoch', 'page', 2, 0, [...minutes(2), ...records]);
      const atEpoch = walkOf(epoch, { resume: anchored(2, 'n9', null) });
      await atEpoch.walk.advance(undefined);
      expect(atEpoch.reads).toEqual([{ page: 2 }]);
      const vendor = new MemoryVendor('unreadable', 'page', 2, 0, []);
      const pages = { 'page:1': { records: minutes(2) }, 'page:2': { records: [record('x', 5), record('n0', null)] } };
      const reads: string[] = [];
      const unreadable = walkOf(vendor, { resume: anchored(2, 'n9', null), reader: keyless(scripted(vendor, pages, reads), ['x']) });
      await unreadable.walk.advance(undefined);
      expect(reads).toEqual(['page:2', 'page:1']);
    });

    it('steps back past a page that starts with a row tied with the anchor on native key: the anchor may lie before it', async () => {
      const records = [record('o', 11), record('p', 10), record('q', 9), record('r', 8), record('s', 8, { tie: 1 }), record('t', 7)];
      const tied = new MemoryVendor('tied', 'page', 2, 0, records);
      const { walk, reads } = walkOf(tied, { resume: anchored(3, 'r', 8), startBoundary: key(tied, 'q', 9) });
      await walk.advance(undefined);
      expect(reads).toEqual([{ page: 3 }, { page: 2 }]);
      expect(walk.head()).toEqual({ key: key(tied, 'r', 8), real: true });
    });

    it('only on the first read of a resumed walk', async () => {
      const vendor = new MemoryVendor('once', 'page', 2, 0, minutes(10));
      const { walk, reads } = walkOf(vendor, { resume: anchored(3, 'r4', 96) });
      await walk.advance(undefined);
      vendor.records.splice(0, 4);
      await walk.advance(undefined);
      expect(reads).toEqual([{ page: 3 }, { page: 4 }]);
    });
  });
});
