import { describe, expect, it } from 'vitest';
import type { VendorRequest } from '../../src/contract/index.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import type { VendorClient } from '../../src/upstream/vendor-client.js';
import { memoryExport, memoryDeps, memoryPageWalk } from '../support/memory-export.js';
import { memoryAgent, memoryClient, MemoryVendor, type MemoryKind, type MemoryRecord } from '../support/memory-vendors.js';
import { duplicates } from '../support/walk.js';

const BASE = Date.UTC(2026, 0, 1);
const LAG_MS = 10 * 60_000;

function vendors(): MemoryVendor[] {
  const kinds: MemoryKind[] = ['page-with-totals', 'page-short-ends', 'cursor-lag', 'window'];
  return kinds.map((kind, index) => {
    const records: MemoryRecord[] = Array.from({ length: 400 }, (_, position) => {
      const n = BASE - ((position * 7 + index * 3) % 997) * 60_000;
      return { id: `r${position}`, n, t: kind === 'cursor-lag' ? n + ((position % 4) * LAG_MS) / 4 : n, tie: position };
    });
    return new MemoryVendor(`v${index}-${kind}`, kind, 25, kind === 'cursor-lag' ? LAG_MS : 0, records);
  });
}

/** The memory client, except that one vendor fails every request from its `from`-th on while `failing`. */
function failingClient(all: MemoryVendor[], name: string, from: number) {
  const inner = memoryClient(all);
  const state = { failing: true, calls: 0 };
  const client = {
    read: async (connection: { name: string }, request: VendorRequest, ...rest: unknown[]) => {
      if (connection.name === name) {
        state.calls += 1;
        if (state.failing && state.calls >= from) throw new VendorFailure('VENDOR_HTTP_ERROR', 'the vendor answered HTTP 500', undefined, true, 500);
      }
      return (inner.read as (...args: unknown[]) => unknown)(connection, request, ...rest);
    },
  } as unknown as VendorClient;
  return { client, state };
}

describe('a vendor failing mid-export', () => {
  for (const failing of [0, 1, 2, 3]) {
    it(`cuts the export with a trailer that says so, and its cursor completes the set (vendor ${failing})`, async () => {
      const all = vendors();
      const agent = memoryAgent(all);
      const expected = (await memoryExport(memoryDeps(memoryClient(all)), agent)).rows.map((row) => row.id);
      expect(expected.length).toBe(1_600);

      const name = all[failing]!.name;
      const { client, state } = failingClient(all, name, all[failing]!.kind === 'window' ? 1 : 4);
      const deps = memoryDeps(client);
      const cut = await memoryExport(deps, agent);
      expect(cut.trailer).toMatchObject({ complete: false, partial: true, rows: cut.rows.length });
      expect(cut.trailer.cursor).toEqual(expect.any(String));
      expect(cut.trailer.syncToken).toBeUndefined();
      const report = cut.trailer.sources.find((source) => source.source === name)!;
      expect(report).toMatchObject({ status: 'error', error: { code: 'VENDOR_HTTP_ERROR' } });
      // What was written is an exact prefix of the walk.
      expect(cut.rows.map((row) => row.id)).toEqual(expected.slice(0, cut.rows.length));
      expect(cut.rows.length).toBeLessThan(expected.length);

      state.failing = false;
      const resumed = await memoryExport(deps, agent, { cursor: cut.trailer.cursor! });
      const ids = [...cut.rows, ...resumed.rows].map((row) => row.id);
      expect(duplicates(ids)).toEqual([]);
      expect(ids).toEqual(expected);
      expect(resumed.trailer).toMatchObject({ complete: true, partial: false, cursor: null });

      // The page endpoint resumes from the same cursor too.
      const paged = await memoryPageWalk(deps, agent, 100, { cursor: cut.trailer.cursor! });
      expect([...cut.rows, ...paged.rows].map((row) => row.id)).toEqual(expected);
    });
  }
});
