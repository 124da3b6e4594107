import { describe, expect, it } from 'vitest';
import type { PagePosition, Pagination, VendorPage } from '../../src/contract/index.js';
import { positionKey, settleTimeWindow } from '../../src/paging/page-positions.js';
import { paginate, type PageStep, type PaginationPlan } from '../../src/paging/paginator.js';

/** A page as the rules read it, named after its position. */
interface TestPage extends VendorPage {
  name: string;
}

const PAGE: Pagination = { kind: 'page', maxPageSize: 10, shortPageEnds: false };
const CURSOR: Pagination = { kind: 'cursor', maxPageSize: 10 };
const OFFSET: Pagination = { kind: 'offset', maxPageSize: 10, shortPageEnds: false };

/** Pages by position name (`page:2`, `cursor:b`); every read is recorded, in the order started. */
function vendor(pages: Record<string, Omit<TestPage, 'name'>>, options: { failAt?: string } = {}) {
  const started: string[] = [];
  const resolvers = new Map<string, () => void>();
  const read = async (position: PagePosition): Promise<TestPage> => {
    const name = positionKey(position);
    started.push(name);
    if (name === options.failAt) throw new Error(`vendor down at ${name}`);
    const page = pages[name];
    if (!page) throw new Error(`nothing at ${name}`);
    return { ...page, name };
  };
  return { started, read, resolvers };
}

const records = (count: number) => Array.from({ length: count }, (_, index) => ({ index }));

async function walk(plan: PaginationPlan<TestPage>): Promise<{ steps: PageStep<TestPage>[]; failure?: string }> {
  const steps: PageStep<TestPage>[] = [];
  try {
    for await (const step of paginate(plan)) steps.push(step);
    return { steps };
  } catch (error) {
    return { steps, failure: (error as { code?: string; message: string }).code ?? (error as Error).message };
  }
}

const names = (steps: PageStep<TestPage>[]) => steps.map((step) => step.page.name);

describe('the paginator: stop rules', () => {
  it('follows page numbers to an empty page', async () => {
    const v = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(2) }, 'page:3': { records: [] } });
    const { steps } = await walk({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: v.read, maxPages: 10 });
    expect(names(steps)).toEqual(['page:1', 'page:2', 'page:3']);
    expect(steps.map((step) => step.next)).toEqual([{ page: 2 }, { page: 3 }, undefined]);
  });

  it('ends on a short page where short pages end, and at totalPages', async () => {
    const short = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(1) } });
    expect(names((await walk({ pagination: { ...PAGE, shortPageEnds: true }, pageSize: 2, start: { page: 1 }, read: short.read, maxPages: 10 })).steps)).toEqual(['page:1', 'page:2']);
    const totals = vendor({ 'page:1': { records: records(2), totalPages: 1 } });
    expect(names((await walk({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: totals.read, maxPages: 10 })).steps)).toEqual(['page:1']);
  });

  it('follows cursors to a null one, and ends on a cursor seen before, saying the vendor repeated itself', async () => {
    const ends = vendor({ 'cursor:': { records: records(1), nextCursor: 'b' }, 'cursor:b': { records: records(1), nextCursor: null } });
    expect(names((await walk({ pagination: CURSOR, pageSize: 1, start: { cursor: null }, read: ends.read, maxPages: 10 })).steps)).toEqual(['cursor:', 'cursor:b']);
    const loops = vendor({ 'cursor:': { records: records(1), nextCursor: 'a' }, 'cursor:a': { records: records(1), nextCursor: 'b' }, 'cursor:b': { records: records(1), nextCursor: 'a' } });
    const { steps } = await walk({ pagination: CURSOR, pageSize: 1, start: { cursor: null }, read: loops.read, maxPages: 10 });
    expect(names(steps)).toEqual(['cursor:', 'cursor:a', 'cursor:b']);
    expect(steps.at(-1)).toMatchObject({ next: undefined, repeated: true });
  });

  it('ends on a page that repeats the one before, by its signature, and only when it holds rows', async () => {
    const same = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(2) }, 'page:3': { records: [] } });
    const plan = { pagination: PAGE, pageSize: 2, start: { page: 1 }, read: same.read, maxPages: 10 };
    const repeated = await walk({ ...plan, signatureOf: () => ({ signature: 'same ids', rows: 2 }) });
    expect(names(repeated.steps)).toEqual(['page:1', 'page:2']);
    expect(repeated.steps.at(-1)).toMatchObject({ repeated: true });
    const unmappable = await walk({ ...plan, signatureOf: () => ({ signature: '?\n?', rows: 0 }) });
    expect(names(unmappable.steps)).toEqual(['page:1', 'page:2', 'page:3']);
  });

  it('follows offsets by the records each page held, to an empty page, a short page where declared, or totalRecords', async () => {
    const v = vendor({ 'offset:0': { records: records(2) }, 'offset:2': { records: records(1) }, 'offset:3': { records: [] } });
    const { steps } = await walk({ pagination: OFFSET, pageSize: 2, start: { offset: 0 }, read: v.read, maxPages: 10 });
    expect(names(steps)).toEqual(['offset:0', 'offset:2', 'offset:3']);
    expect(steps.map((step) => step.next)).toEqual([{ offset: 2 }, { offset: 3 }, undefined]);
    const short = vendor({ 'offset:0': { records: records(2) }, 'offset:2': { records: records(1) } });
    expect(names((await walk({ pagination: { ...OFFSET, shortPageEnds: true }, pageSize: 2, start: { offset: 0 }, read: short.read, maxPages: 10 })).steps)).toEqual(['offset:0', 'offset:2']);
    const totals = vendor({ 'offset:0': { records: records(2), totalRecords: 4 }, 'offset:2': { records: records(2), totalRecords: 4 } });
    expect(names((await walk({ pagination: OFFSET, pageSize: 2, start: { offset: 0 }, read: totals.read, maxPages: 10 })).steps)).toEqual(['offset:0', 'offset:2']);
  });

  it('refuses a read past the page cap, without making it', async () => {
    const endless = vendor(Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`page:${index + 1}`, { records: records(2) }])));
    const { steps, failure } = await walk({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: endless.read, maxPages: 3 });
    expect(names(steps)).toEqual(['page:1', 'page:2', 'page:3']);
    expect(failure).toBe('PAGE_CAP_REACHED');
    expect(endless.started).toHaveLength(3);
  });

  it('passes a vendor failure on, with the pages before it', async () => {
    const failing = vendor({ 'page:1': { records: records(2) } }, { failAt: 'page:2' });
    const { steps, failure } = await walk({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: failing.read, maxPages: 10 });
    expect(names(steps)).toEqual(['page:1']);
    expect(failure).toBe('vendor down at page:2');
  });
});

describe('the paginator: read ahead', () => {
  it('reads the positions known to be needed together with the first, and hands each out once', async () => {
    const v = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(2) }, 'page:3': { records: [] } });
    const pages = paginate({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: v.read, maxPages: 10, readAhead: [{ page: 2 }, { page: 2 }] });
    await pages.next();
    expect(v.started).toEqual(['page:2', 'page:1']);
    await pages.next();
    await pages.next();
    expect(v.started).toEqual(['page:2', 'page:1', 'page:3']);
  });

  it('reads ahead no further than the page cap, and a failed read ahead fails only when its page is taken', async () => {
    const capped = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(2) }, 'page:3': { records: records(2) } });
    const over = paginate({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: capped.read, maxPages: 2, readAhead: [{ page: 2 }, { page: 3 }, { page: 4 }] });
    await expect(over.next()).rejects.toMatchObject({ code: 'PAGE_CAP_REACHED' });
    expect(capped.started).toEqual(['page:2', 'page:3']);
    const failing = vendor({ 'page:1': { records: records(2) } }, { failAt: 'page:2' });
    const { steps, failure } = await walk({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: failing.read, maxPages: 5, readAhead: [{ page: 2 }] });
    expect(names(steps)).toEqual(['page:1']);
    expect(failure).toBe('vendor down at page:2');
  });

  it('with a window, guesses the next page numbers once a page shows there are more, never past totalPages', async () => {
    const v = vendor(Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`page:${index + 1}`, { records: records(2), totalPages: 6 }])));
    const pages = paginate({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: v.read, maxPages: 20, window: 3 });
    await pages.next();
    expect(v.started).toEqual(['page:1', 'page:2', 'page:3', 'page:4']);
    for (let step = 0; step < 5; step += 1) await pages.next();
    expect(v.started).toEqual(['page:1', 'page:2', 'page:3', 'page:4', 'page:5', 'page:6']);
  });

  it('with a window, chains cursors as their pages land, at most the window ahead', async () => {
    const chain = Object.fromEntries(['', 'a', 'b', 'c', 'd', 'e'].map((cursor, index, all) => [`cursor:${cursor}`, { records: records(1), nextCursor: all[index + 1] ?? null }]));
    const v = vendor(chain);
    const pages = paginate({ pagination: CURSOR, pageSize: 1, start: { cursor: null }, read: v.read, maxPages: 20, window: 2 });
    await pages.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(v.started).toEqual(['cursor:', 'cursor:a', 'cursor:b']);
    const rest: string[] = [];
    for await (const step of pages) rest.push(step.page.name);
    expect(rest).toEqual(['cursor:a', 'cursor:b', 'cursor:c', 'cursor:d', 'cursor:e']);
    expect(v.started).toHaveLength(6);
  });

  it('reads nothing ahead once no read may start (calls spent, caller gone)', async () => {
    const v = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(2) } });
    await paginate({ pagination: PAGE, pageSize: 2, start: { page: 1 }, read: v.read, maxPages: 10, window: 4, readAhead: [{ page: 2 }], mayRead: () => false }).next();
    expect(v.started).toEqual(['page:1']);
  });
});

describe('the paginator: stepping back to an anchor', () => {
  it('reads the pages before the start while they lie after the anchor, and hands them out first, in order', async () => {
    const v = vendor({ 'page:1': { records: records(2) }, 'page:2': { records: records(2) }, 'page:3': { records: records(2) }, 'page:4': { records: [] } });
    const { steps } = await walk({ pagination: PAGE, pageSize: 2, start: { page: 3 }, read: v.read, maxPages: 10, stepBack: (page) => page.name !== 'page:2' });
    expect(v.started).toEqual(['page:3', 'page:2', 'page:4']);
    expect(names(steps)).toEqual(['page:2', 'page:3', 'page:4']);
    expect(steps.map((step) => step.nextIsRead ?? false)).toEqual([true, false, false]);
  });
});

describe('the paginator: stepping back by offsets', () => {
  it('steps back a page size at a time, and at the top reads only the records above, so none is read twice', async () => {
    const v = vendor({ 'offset:0:1': { records: records(1) }, 'offset:1': { records: records(2) }, 'offset:3': { records: records(2) }, 'offset:5': { records: [] } });
    const { steps } = await walk({ pagination: OFFSET, pageSize: 2, start: { offset: 3 }, read: v.read, maxPages: 10, stepBack: () => true });
    expect(v.started).toEqual(['offset:3', 'offset:1', 'offset:0:1', 'offset:5']);
    expect(names(steps)).toEqual(['offset:0:1', 'offset:1', 'offset:3', 'offset:5']);
    expect(steps.map((step) => step.next)).toEqual([{ offset: 1 }, { offset: 3 }, { offset: 5 }, undefined]);
  });
});

describe('time windows', () => {
  const key = (record: unknown) => (record as { at: number | null }).at;
  const at = (...times: (number | null)[]) => times.map((time) => ({ at: time }));

  it('hold back the tie at the end of a full page: the next page starts at it, inclusive', () => {
    expect(settleTimeWindow({ records: at(9, 8, 7, 7) }, 4, 100, key)).toEqual({ records: at(9, 8), nextBefore: { at: 7, inclusive: true } });
  });

  it('hold back a page that is one tie whole and ask for it again twice as large', () => {
    expect(settleTimeWindow({ records: at(7, 7) }, 2, 100, key)).toEqual({ records: [], nextBefore: { at: 7, inclusive: true }, nextSize: 4 });
    expect(settleTimeWindow({ records: at(7, 7, 7, 7) }, 4, 6, key)).toEqual({ records: [], nextBefore: { at: 7, inclusive: true }, nextSize: 6 });
  });

  it('send a tie larger than the largest page whole, the next page strictly below it', () => {
    expect(settleTimeWindow({ records: at(7, 7) }, 2, 2, key)).toEqual({ records: at(7, 7), nextBefore: { at: 7, inclusive: false } });
  });

  it('end on a short page, and on a last record with no key', () => {
    expect(settleTimeWindow({ records: at(9, 8) }, 4, 100, key).nextBefore).toBeNull();
    expect(settleTimeWindow({ records: at(9, null) }, 2, 100, key).nextBefore).toBeNull();
  });

  it('are walked page after page with no record twice, ties larger than a page read whole', async () => {
    const calls = at(9, 8, 8, 8, 8, 8, 7, 6, 6, 5);
    const sizes: number[] = [];
    const read = async (position: PagePosition, pageSize: number) => {
      sizes.push(pageSize);
      const below = position.before;
      const visible = calls.filter((call) => !below || (below.inclusive ? call.at! <= below.at : call.at! < below.at));
      return { ...settleTimeWindow({ records: visible.slice(0, pageSize) }, pageSize, 8, key), name: positionKey(position) };
    };
    const { steps } = await walk({ pagination: { kind: 'time-window', maxPageSize: 8 }, pageSize: 2, start: {}, read, maxPages: 20 });
    expect(steps.flatMap((step) => step.page.records)).toEqual(calls);
    // The tie of five at 8 filled a page of 2, then one of 4: it was read in a page of 8; the tie of two at 6 filled a page of 2.
    expect(sizes).toEqual([2, 2, 4, 8, 2, 4]);
  });
});
