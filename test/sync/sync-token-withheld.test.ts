import { describe, expect, it } from 'vitest';
import type { VendorRequest } from '../../src/contract/index.js';
import type { VendorClient } from '../../src/upstream/vendor-client.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import { memoryDeps, memoryPageWalk } from '../support/memory-export.js';
import { memoryAgent, memoryClient, MemoryVendor } from '../support/memory-vendors.js';

const BASE = Date.UTC(2026, 0, 1);

function vendors(): MemoryVendor[] {
  return ['a', 'b'].map(
    (name, index) =>
      new MemoryVendor(name, 'page-with-totals', 10, 0, Array.from({ length: 60 }, (_, position) => ({ id: `r${position}`, n: BASE - position * 60_000 - index, t: BASE - position * 60_000 - index, tie: position }))),
  );
}

/** Vendor `b` fails its `failOn`-th request only. */
function onceFailingClient(all: MemoryVendor[], failOn: number): VendorClient {
  const inner = memoryClient(all);
  let calls = 0;
  return {
    read: async (connection: { name: string }, request: VendorRequest, ...rest: unknown[]) => {
      if (connection.name === 'b' && (calls += 1) === failOn) throw new VendorFailure('VENDOR_HTTP_ERROR', 'the vendor answered HTTP 500', undefined, true, 500);
      return (inner.read as (...args: unknown[]) => unknown)(connection, request, ...rest);
    },
  } as unknown as VendorClient;
}

describe('a page walk that lost rows issues no sync token', () => {
  it('a source failing on one page: the walk ends without a token; a clean walk ends with one', async () => {
    const all = vendors();
    const agent = memoryAgent(all);
    const clean = await memoryPageWalk(memoryDeps(memoryClient(all)), agent, 10);
    expect(clean.rows).toHaveLength(120);
    expect(clean.syncToken).toEqual(expect.any(String));

    const lossy = await memoryPageWalk(memoryDeps(onceFailingClient(all, 3)), agent, 10);
    expect(lossy.rows.length).toBeLessThan(120);
    expect(lossy.syncToken).toBeUndefined();
  });
});
