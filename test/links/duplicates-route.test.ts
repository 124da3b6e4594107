import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, MINUTE } from '../support/memory-pool.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor } from '../support/memory-vendors.js';
import { getPage } from '../support/walk.js';

/** An original vendor with three calls, and a vendor that imported copies of two of them and holds one of its own. */
const original = new MemoryVendor('calls', 'page', 10, 0, []);
const copier = new MemoryVendor('imports', 'page', 10, 0, [], ['calls']);

function reset(): void {
  original.reset([
    { id: 'o1', t: BASE + 10 * MINUTE, n: BASE + 10 * MINUTE, tie: 1, channel: 'voice' },
    { id: 'o2', t: BASE + 8 * MINUTE, n: BASE + 8 * MINUTE, tie: 2, channel: 'voice' },
    { id: 'o3', t: BASE + 6 * MINUTE, n: BASE + 6 * MINUTE, tie: 3, channel: 'voice' },
  ]);
  copier.reset([
    { id: 'c1', t: BASE + 10 * MINUTE + 5_000, n: BASE + 10 * MINUTE + 5_000, tie: 1, channel: 'voice', originalId: 'o1' },
    { id: 'c2', t: BASE + 7 * MINUTE, n: BASE + 7 * MINUTE, tie: 2, channel: 'voice', originalId: 'o2' },
    { id: 'own', t: BASE + 5 * MINUTE, n: BASE + 5 * MINUTE, tie: 3, channel: 'sms' },
  ]);
}

let memory: MemoryApp;
beforeAll(async () => {
  memory = await startMemoryApp([original, copier]);
});
afterAll(async () => {
  await memory.close();
});

const page = (query: Record<string, string>) => getPage(memory.app, memory.token, MEMORY_AGENT, query);

describe('duplicates on an agent bound to a vendor and one that imports its calls', () => {
  it('show (the default) lists copy and original, links nothing and asks no vendor about links', async () => {
    reset();
    const { status, body } = await page({});
    expect(status).toBe(200);
    expect(body.data.rows.map((row) => [row.id, row.originalId, row.linkedIds])).toEqual([
      ['imports:c1', 'o1', []],
      ['calls:o1', null, []],
      ['calls:o2', null, []],
      ['imports:c2', 'o2', []],
      ['calls:o3', null, []],
      ['imports:own', null, []],
    ]);
    expect(original.detailRequests + copier.detailRequests).toBe(0);
    expect(body.data).not.toHaveProperty('links');
  });

  it('link lists every row with the ids of the same conversation on the other source', async () => {
    reset();
    const { body } = await page({ duplicates: 'link' });
    expect(body.data.rows.map((row) => [row.id, row.linkedIds])).toEqual([
      ['imports:c1', ['calls:o1']],
      ['calls:o1', ['imports:c1']],
      ['calls:o2', ['imports:c2']],
      ['imports:c2', ['calls:o2']],
      ['calls:o3', []],
      ['imports:own', []],
    ]);
    // The lists held both sides of o1 and o2: only o3 asks the importer whether it holds a copy (404); the importer's own row is neither.
    expect((body.data as { links?: unknown }).links).toEqual({ mode: 'link', unconfirmed: 0, hidden: 0, calls: 1 });
  });

  it('hide leaves the copies out, keeps their ids on the originals, and a copy whose original the walk does not read stays', async () => {
    reset();
    const { body } = await page({ duplicates: 'hide', limit: '2' });
    expect(body.data.rows.map((row) => [row.id, row.linkedIds])).toEqual([
      ['calls:o1', ['imports:c1']],
      ['calls:o2', ['imports:c2']],
    ]);
    // c2 too: the page read past it to know a row is left, and the next page starts after it.
    expect((body.data as { links?: unknown }).links).toMatchObject({ mode: 'hide', unconfirmed: 0, hidden: 2 });
    const next = await page({ duplicates: 'hide', limit: '2', cursor: body.data.pagination.nextCursor! });
    expect(next.body.data.rows.map((row) => row.id)).toEqual(['calls:o3', 'imports:own']);
    expect(next.body.data.pagination.hasMore).toBe(false);
    // Only the copier's source is read: its originals are not among the rows, so no copy is left out.
    const copiesOnly = await page({ duplicates: 'hide', sources: 'imports' });
    expect(copiesOnly.body.data.rows.map((row) => [row.id, row.linkedIds])).toEqual([
      ['imports:c1', ['calls:o1']],
      ['imports:c2', ['calls:o2']],
      ['imports:own', []],
    ]);
  });

  it('a copy whose original cannot be confirmed (its vendor fails) is shown, and the page says so', async () => {
    reset();
    original.failing = true;
    const { body } = await page({ duplicates: 'hide' });
    expect(body.data.rows.map((row) => [row.id, row.linkedIds])).toEqual([
      ['imports:c1', []],
      ['imports:c2', []],
      ['imports:own', []],
    ]);
    expect((body.data as { links?: { unconfirmed: number } }).links).toMatchObject({ mode: 'hide', unconfirmed: 2, hidden: 0 });
    expect(body.data.partial).toBe(true);
  });

  it('links two rows the walk read without asking a vendor again; a detail read that fails does not matter then', async () => {
    reset();
    original.detailFailing = true;
    const { body } = await page({ duplicates: 'hide' });
    expect(body.data.rows.map((row) => [row.id, row.linkedIds])).toEqual([
      ['calls:o1', ['imports:c1']],
      ['calls:o2', ['imports:c2']],
      ['calls:o3', []],
      ['imports:own', []],
    ]);
    // Only o3 asks the importer for a copy: every other link was in the lists.
    expect((body.data as { links?: unknown }).links).toEqual({ mode: 'hide', unconfirmed: 0, hidden: 2, calls: 1 });
    expect(original.detailRequests).toBe(0);
  });

  it('refuses what it cannot do: an unknown mode, and hide on a delta walk', async () => {
    reset();
    const bad = await page({ duplicates: 'fold' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('BAD_REQUEST');
    const delta = await page({ duplicates: 'hide', syncToken: 'x' });
    expect(delta.status).toBe(400);
    expect(delta.body.message).toContain('duplicates=hide does not combine with syncToken');
  });
});
