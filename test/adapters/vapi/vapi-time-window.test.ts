import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, splitPage, tighter } from '../../../adapters/vapi/vapi-time-window.js';

const call = (id: string, createdAt: string) => ({ id, createdAt });

describe('Vapi time-window paging', () => {
  it('holds back the tie at the end of a page and reads it whole with createdAtLe', () => {
    const page = [call('a', '2026-01-15T11:58:00.000Z'), call('b', '2026-01-15T11:50:00.000Z'), call('c', '2026-01-15T11:50:00.000Z')];
    expect(splitPage(page)).toEqual({ records: [page[0]], nextCursor: 'le:2026-01-15T11:50:00.000Z' });
  });

  it('sends a page that is one tie whole and goes below it with createdAtLt', () => {
    const page = [call('b', '2026-01-15T11:50:00.000Z'), call('c', '2026-01-15T11:50:00.000Z')];
    expect(splitPage(page)).toEqual({ records: page, nextCursor: 'lt:2026-01-15T11:50:00.000Z' });
  });

  it('ends on an empty page, and on a last call without createdAt', () => {
    expect(splitPage([])).toEqual({ records: [], nextCursor: null });
    expect(splitPage([call('a', '2026-01-15T11:58:00.000Z'), { id: 'b' }]).nextCursor).toBeNull();
  });

  it('reads its own cursors back and keeps the tighter upper bound', () => {
    expect(decodeCursor(encodeCursor({ kind: 'le', at: 1_768_477_800_000 }))).toEqual({ kind: 'le', at: 1_768_477_800_000 });
    expect(decodeCursor('garbage')).toBeUndefined();
    expect(decodeCursor(null)).toBeUndefined();
    expect(tighter({ kind: 'le', at: 5 }, { kind: 'lt', at: 5 })).toEqual({ kind: 'lt', at: 5 });
    expect(tighter({ kind: 'le', at: 4 }, { kind: 'lt', at: 5 })).toEqual({ kind: 'le', at: 4 });
    expect(tighter(undefined, { kind: 'lt', at: 5 })).toEqual({ kind: 'lt', at: 5 });
  });
});
