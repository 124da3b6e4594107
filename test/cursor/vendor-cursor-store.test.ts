import { describe, expect, it } from 'vitest';
import type { SourceCursor } from '../../src/cursor/walk-cursor.js';
import { INLINE_VENDOR_CURSOR_CHARS, LocalVendorCursors, withCursorsFound, withCursorsKept } from '../../src/cursor/vendor-cursor-store.js';

const long = 'L'.repeat(INLINE_VENDOR_CURSOR_CHARS + 1);
const short = 's'.repeat(INLINE_VENDOR_CURSOR_CHARS);
const anchored = (vendorCursor: string): SourceCursor => ({
  vendorCursor,
  pageSize: 10,
  known: 2,
  head: { t: 5, id: 'a:x' },
  anchor: { nativeKey: 5, conversationId: 'x' },
  readAhead: [{ cursor: short }, { cursor: long }],
});

describe('vendor cursors too long to carry', () => {
  it('travel by reference, found again as they were; short ones travel as they are, long ones to read ahead are left out', async () => {
    const store = new LocalVendorCursors();
    const kept = await withCursorsKept({ a: anchored(long), b: anchored(short) }, store, 60_000);
    expect(kept.a).not.toHaveProperty('vendorCursor');
    expect(kept.a!.vendorCursorRef).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(kept)).not.toContain(long);
    expect(kept.b).toMatchObject({ vendorCursor: short, readAhead: [{ cursor: short }] });
    const found = await withCursorsFound(kept, store);
    expect(found.a).toEqual({ ...anchored(long), readAhead: [{ cursor: short }] });
    expect(found.b).toEqual(kept.b);
  });

  it('a reference whose cursor is gone restarts its source at the first page, unanchored, its head kept', async () => {
    const kept = await withCursorsKept({ a: anchored(long) }, new LocalVendorCursors(), 60_000);
    const found = await withCursorsFound(kept, new LocalVendorCursors());
    expect(found.a).toEqual({ vendorCursor: null, pageSize: 10, known: 2, head: { t: 5, id: 'a:x' } });
  });
});
