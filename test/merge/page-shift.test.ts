import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';
import { walkAll } from '../support/walk.js';

/**
 * A page-numbered vendor shifts its rows when one above them goes or moves to the top, one
 * row a page here: the resumed source must find the row that moved onto a page it had
 * already read, and send the moved row no second time.
 */
const shifting = new MemoryVendor('shifting', 'page', 1, 0, []);
const steady = new MemoryVendor('steady', 'page', 6, 0, []);
let memory: MemoryApp;

beforeAll(async () => {
  memory = await startMemoryApp([shifting, steady]);
});
afterAll(async () => {
  await memory.close();
});

const record = (id: string, minute: number, tie = 0): MemoryRecord => ({ id, n: minute * 60_000, t: minute * 60_000, tie });

describe('a page-numbered source whose rows shift between gateway pages', () => {
  it('keeps the row that moved up onto a page it had read when the row above it is deleted', async () => {
    shifting.reset([record('s0', 9), record('s1', 5), record('s2', 4)]);
    steady.reset([record('b0', 8), record('b1', 7), record('b2', 6)]);
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '1' }, async (page) => {
      await memory.settle();
      if (page === 1) shifting.records = shifting.records.filter((candidate) => candidate.id !== 's0');
    });
    expect(walk.rows.map((row) => row.id)).toEqual(['shifting:s0', 'steady:b0', 'steady:b1', 'steady:b2', 'shifting:s1', 'shifting:s2']);
  });

  it('keeps it when the row above moves to the top, and sends that row no second time', async () => {
    shifting.reset([record('s0', 9), record('s1', 5), record('s2', 4)]);
    steady.reset([record('b0', 8), record('b1', 7), record('b2', 6)]);
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '1' }, async (page) => {
      await memory.settle();
      if (page === 1) shifting.records.find((candidate) => candidate.id === 's0')!.n = 10 * 60_000;
    });
    const ids = walk.rows.map((row) => row.id);
    expect(ids).toEqual(['shifting:s0', 'steady:b0', 'steady:b1', 'steady:b2', 'shifting:s1', 'shifting:s2']);
  });

  it('keeps it when every row read is sent and the last page read held nothing that maps', async () => {
    // Found by the stood-still property: after s2 is sent, the next page read is only an
    // unmappable record, so nothing unsent anchors the source. Then the unmappable record
    // goes and s2 moves to the top, and s0 moves up onto the page already read.
    shifting.reset([record('s0', 0), { ...record('junk', 1), unmappable: true }, record('s2', 2)]);
    steady.reset([record('b0', 2)]);
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '1' }, async (page) => {
      await memory.settle();
      if (page !== 1) return;
      shifting.records = shifting.records.filter((candidate) => candidate.id !== 'junk');
      shifting.records.find((candidate) => candidate.id === 's2')!.n = 21 * 60_000;
    });
    expect(walk.rows.map((row) => row.id)).toEqual(['shifting:s2', 'steady:b0', 'shifting:s0']);
  });

  it('keeps it when the first page read held nothing that maps, and no row anchors the source', async () => {
    shifting.reset([record('s0', 0), { ...record('junk', 1), unmappable: true }]);
    steady.reset([record('b1', 2), record('b2', 2, 1)]);
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '1' }, async (page) => {
      await memory.settle();
      if (page === 1) shifting.records = shifting.records.filter((candidate) => candidate.id !== 'junk');
    });
    expect(walk.rows.map((row) => row.id)).toEqual(['steady:b1', 'steady:b2', 'shifting:s0']);
  });

  it('keeps it when the last page read held only an unmappable record and the rows above it went', async () => {
    // Found by the engine-alone stood-still property (seed 885833953): the first page reads
    // s0, s1 and the junk page after them, sending both rows. Then s0 and the junk go, and
    // s3 moves up from page 4 to page 2, before the page the source resumes at.
    shifting.reset([record('s0', 9), record('s1', 8), { ...record('junk', 5), unmappable: true }, record('s3', 4)]);
    steady.reset([record('b0', 7), record('b1', 6), record('b2', 3)]);
    const walk = await walkAll(memory.app, memory.token, MEMORY_AGENT, { limit: '3' }, async (page) => {
      await memory.settle();
      if (page === 1) shifting.records = shifting.records.filter((candidate) => candidate.id !== 's0' && candidate.id !== 'junk');
    });
    expect(walk.rows.map((row) => row.id)).toEqual(['shifting:s0', 'shifting:s1', 'steady:b0', 'steady:b1', 'shifting:s3', 'steady:b2']);
  });
});
