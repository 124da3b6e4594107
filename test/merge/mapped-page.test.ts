import { describe, expect, it } from 'vitest';
import { RecordMappingError, type AdapterDefinition, type MappedRow } from '../../src/contract/index.js';
import { mapPage, MAX_RECORD_DEPTH } from '../../src/merge/mapped-page.js';
import type { SourceRuntime } from '../../src/merge/source-runtime.js';
import { MemoryVendor, type MemoryRecord } from '../support/memory-vendors.js';

/** A test record: its native key, its activity, and what goes wrong when it is read. */
interface TestRecord {
  id: string;
  n?: number | null;
  at?: string | null;
  access?: boolean | null;
  breaks?: 'native-key' | 'mapping' | 'type' | 'range' | 'other';
  nested?: unknown;
}

const template = new MemoryVendor('mapped', 'page', 10, 0, []).adapter;
const baseRow = template.mapRow({ id: 'template', n: 0, t: 0, tie: 0 } satisfies MemoryRecord, { binding: { connection: 'mapped' } });

const adapter = {
  ...template,
  vendor: 'test-vendor',
  nativeKey: (record: TestRecord) => {
    if (record.breaks === 'native-key') throw new TypeError('no key');
    return record.n as number | null;
  },
  mapRow: (record: TestRecord): MappedRow => {
    if (record.breaks === 'mapping') throw new RecordMappingError('cannot map');
    if (record.breaks === 'type') throw new TypeError('cannot read');
    if (record.breaks === 'range') throw new RangeError('out of range');
    if (record.breaks === 'other') throw new Error('a bug in the adapter');
    return { ...baseRow, conversationId: record.id, lastActivityAt: record.at === undefined ? '2026-01-01T00:00:00.000Z' : record.at, hasAccess: record.access ?? null };
  },
} as unknown as AdapterDefinition;

const source: SourceRuntime = { name: 'acct', adapter, binding: { connection: 'acct' }, lagMs: 0 };

describe('mapPage', () => {
  it('maps each record once into a row of the source, keyed by its activity, with the raw record', async () => {
    const record: TestRecord = { id: 'c1', n: 5, at: '2026-01-02T00:00:00.000Z' };
    const page = await mapPage(source, { records: [record] }, 10);
    expect(page.records).toEqual([
      {
        nativeKey: 5,
        row: expect.objectContaining({ id: 'acct:c1', source: 'acct', vendor: 'test-vendor', conversationId: 'c1', hasAccess: true, raw: record }),
        key: { t: Date.UTC(2026, 0, 2), id: 'acct:c1' },
      },
    ]);
  });

  it("hands the adapter the source's binding with each record it maps", async () => {
    const contexts: unknown[] = [];
    const binding = { connection: 'acct', agentId: 'agent-7' };
    const reading = { ...adapter, mapRow: (record: unknown, context: { binding: unknown }) => (contexts.push(context), adapter.mapRow(record, context as never)) } as unknown as AdapterDefinition;
    await mapPage({ ...source, adapter: reading, binding }, { records: [{ id: 'c1', n: 1 }] }, 10);
    expect(contexts).toEqual([{ binding }]);
  });

  it("keeps the vendor's verdict on access, true when it gives none", async () => {
    const page = await mapPage(source, { records: [{ id: 'a', access: false }, { id: 'b', access: true }, { id: 'c', access: null }] }, 10);
    expect(page.records.map((record) => record.row!.hasAccess)).toEqual([false, true, true]);
  });

  it('keys a row with no or an unreadable activity time with a null time', async () => {
    const page = await mapPage(source, { records: [{ id: 'none', at: null }, { id: 'bad', at: 'not a date' }] }, 10);
    expect(page.records.map((record) => record.key)).toEqual([
      { t: null, id: 'acct:none' },
      { t: null, id: 'acct:bad' },
    ]);
  });

  it('skips a record the adapter cannot map (mapping, type or range error), keeping its native key', async () => {
    const page = await mapPage(source, { records: [{ id: 'm', n: 1, breaks: 'mapping' }, { id: 't', n: 2, breaks: 'type' }, { id: 'r', n: null, breaks: 'range' }] }, 10);
    expect(page.records).toEqual([{ nativeKey: 1 }, { nativeKey: 2 }, { nativeKey: null }]);
    expect(page.ordered).toEqual([]);
    expect(page.signature).toBe('?\n?\n?');
  });

  it('keeps the row of a record whose native key cannot be read, without a native key', async () => {
    const page = await mapPage(source, { records: [{ id: 'k', breaks: 'native-key' }] }, 10);
    expect(page.records[0]).not.toHaveProperty('nativeKey');
    expect(page.records[0]!.row!.id).toBe('acct:k');
  });

  it('skips a record that is null (the adapter cannot read it), and maps the rest', async () => {
    const page = await mapPage(source, { records: [null, { id: 'ok', n: 3 }] }, 10);
    expect(page.records.map((record) => record.row?.id ?? null)).toEqual([null, 'acct:ok']);
    expect(page.records[0]).toEqual({});
    expect(page.signature).toBe('?\nacct:ok');
  });

  it('lets any other error of the adapter through: a bug is not a bad record', async () => {
    await expect(mapPage(source, { records: [{ id: 'x', breaks: 'other' }] }, 10)).rejects.toThrow('a bug in the adapter');
  });

  it(`skips a record nested deeper than ${MAX_RECORD_DEPTH} levels, and maps one exactly that deep`, async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { inner: nest(depth - 1) });
    const deepest = { id: 'deep', n: 1, nested: nest(MAX_RECORD_DEPTH - 1) };
    const deeper = { id: 'deeper', n: 1, nested: nest(MAX_RECORD_DEPTH) };
    const inArrays = { id: 'arrays', n: 1, nested: [[[nest(MAX_RECORD_DEPTH - 3)]]] };
    const page = await mapPage(source, { records: [deepest, deeper, inArrays] }, 10);
    expect(page.records.map((record) => record.row?.id ?? null)).toEqual(['acct:deep', null, null]);
    expect(page.records[1]).toEqual({});
  });

  it('orders the rows in the gateway order, ties by the vendor order, each id once (its first place)', async () => {
    const records: TestRecord[] = [
      { id: 'b', at: '2026-01-01T00:00:00.000Z' },
      { id: 'a', at: '2026-01-01T00:00:00.000Z' },
      { id: 'late', at: null },
      { id: 'new', at: '2026-01-03T00:00:00.000Z' },
      { id: 'a', at: '2026-01-05T00:00:00.000Z' },
      { id: 'skip', breaks: 'mapping' },
    ];
    const page = await mapPage(source, { records }, 10);
    expect(page.ordered).toEqual([3, 1, 0, 2]);
    expect(page.signature).toBe('acct:b\nacct:a\nacct:late\nacct:new\nacct:a\n?');
  });

  it('carries the paging facts the vendor gave, and only those', async () => {
    const bare = await mapPage(source, { records: [] }, 0);
    expect(Object.keys(bare).sort()).toEqual(['ordered', 'records', 'signature', 'sizeBytes']);
    const full = await mapPage(source, { records: [], nextCursor: null, hasMore: false, totalPages: 0 }, 0);
    expect(full).toMatchObject({ nextCursor: null, hasMore: false, totalPages: 0 });
  });

  it('counts what the page holds in memory from its body size, at least one byte of body', async () => {
    expect((await mapPage(source, { records: [] }, 1_000)).sizeBytes).toBe(3_500);
    expect((await mapPage(source, { records: [] }, 3)).sizeBytes).toBe(11);
    expect((await mapPage(source, { records: [] }, 0)).sizeBytes).toBe(4);
  });

  it('maps and orders a page larger than a slice like a small one', async () => {
    const count = 4_500;
    const records: TestRecord[] = Array.from({ length: count }, (_, index) => ({ id: `r${index}`, at: new Date(Date.UTC(2026, 0, 1) + ((index * 7_919) % count) * 1_000).toISOString() }));
    // A repeated id across slices keeps its first place; a record that does not map signs as '?'.
    records[2_500] = { ...records[2_500]!, id: 'r10' };
    records[4_001] = { id: 'broken', breaks: 'mapping' };
    const page = await mapPage(source, { records }, 10);
    expect(page.records).toHaveLength(count);
    expect(page.signature).toBe(records.map((record) => (record.breaks ? '?' : `acct:${record.id}`)).join('\n'));
    expect(page.ordered).toHaveLength(count - 2);
    expect(page.ordered).not.toContain(2_500);
    expect(page.ordered).not.toContain(4_001);
    expect(new Set(page.ordered).size).toBe(count - 2);
    const times = page.ordered.map((index) => page.records[index]!.key!.t!);
    expect(times.every((time, at) => at === 0 || times[at - 1]! >= time)).toBe(true);
  });
});
