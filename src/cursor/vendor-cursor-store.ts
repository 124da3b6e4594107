import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { SharedStore } from '../store/shared-store.js';
import type { SourceCursor } from './walk-cursor.js';

/**
 * Vendor cursors up to this length travel inside the gateway's cursor; longer ones are
 * kept here, under their digest, for the cursor's lifetime, and the cursor carries the
 * digest. Thirty-two sources whose vendor cursors are just under it still fit in a
 * cursor the endpoints accept.
 */
export const INLINE_VENDOR_CURSOR_CHARS = 128;

/** No vendor cursor is kept past this length: a source whose cursor is longer is ended and reported. */
export const MAX_VENDOR_CURSOR_CHARS = 16_384;

/** Where long vendor cursors are kept: in this process, or in Redis for the whole fleet. */
export interface VendorCursorStore {
  /** Keeps `text` for `ttlMs`; returns its reference. */
  keep(text: string, ttlMs: number): Promise<string>;
  /** The text kept under `ref`, or undefined when it is gone (expired, evicted, another replica's without Redis). */
  find(ref: string): Promise<string | undefined>;
}

/** In this process: least recently used dropped first, each for its TTL. */
export class LocalVendorCursors implements VendorCursorStore {
  private readonly kept = new LRUCache<string, string>({ max: 50_000, maxSize: 64 * 1024 * 1024, sizeCalculation: (text) => text.length * 2 + 64, ttl: 1 });

  async keep(text: string, ttlMs: number): Promise<string> {
    const ref = refOf(text);
    this.kept.set(ref, text, { ttl: ttlMs });
    return ref;
  }

  async find(ref: string): Promise<string | undefined> {
    return this.kept.get(ref);
  }
}

/** In Redis, for every replica, and in this process too (what it keeps while Redis is down). */
export class FleetVendorCursors implements VendorCursorStore {
  private readonly local = new LocalVendorCursors();

  constructor(private readonly store: SharedStore) {}

  async keep(text: string, ttlMs: number): Promise<string> {
    const ref = await this.local.keep(text, ttlMs);
    await this.store.attempt((redis) => redis.set(`vendor-cursor:${ref}`, text, 'PX', ttlMs), () => null);
    return ref;
  }

  async find(ref: string): Promise<string | undefined> {
    const here = await this.local.find(ref);
    if (here !== undefined) return here;
    const shared = await this.store.attempt((redis) => redis.get(`vendor-cursor:${ref}`), () => null);
    // Content-addressed: what comes back is the text the reference was made from, or nothing.
    return shared !== null && refOf(shared) === ref ? shared : undefined;
  }
}

function refOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** The source cursors as a gateway cursor carries them: each long vendor cursor by reference; long cursors to read ahead are left out. */
export async function withCursorsKept(sources: Record<string, SourceCursor>, store: VendorCursorStore, ttlMs: number): Promise<Record<string, SourceCursor>> {
  const kept: Record<string, SourceCursor> = {};
  for (const [name, cursor] of Object.entries(sources)) {
    const { vendorCursor, readAhead } = cursor;
    const ahead = readAhead?.filter((position) => (position.cursor?.length ?? 0) <= INLINE_VENDOR_CURSOR_CHARS);
    const next: SourceCursor = { ...cursor, ...(readAhead ? { readAhead: ahead } : {}) };
    if (ahead?.length === 0) delete next.readAhead;
    if (typeof vendorCursor === 'string' && vendorCursor.length > INLINE_VENDOR_CURSOR_CHARS) {
      delete next.vendorCursor;
      next.vendorCursorRef = await store.keep(vendorCursor, ttlMs);
    }
    kept[name] = next;
  }
  return kept;
}

/**
 * The source cursors with every kept vendor cursor back in place. A source whose kept
 * cursor is gone starts again from its first page, unanchored: every row at or before the
 * walk's boundary is skipped, so nothing repeats and nothing is lost, at the cost of reading
 * its first pages again.
 */
export async function withCursorsFound(sources: Record<string, SourceCursor>, store: VendorCursorStore): Promise<Record<string, SourceCursor>> {
  const found: Record<string, SourceCursor> = {};
  for (const [name, cursor] of Object.entries(sources)) {
    if (cursor.vendorCursorRef === undefined) {
      found[name] = cursor;
      continue;
    }
    const { vendorCursorRef, ...kept } = cursor;
    const text = await store.find(vendorCursorRef);
    if (text !== undefined) {
      found[name] = { ...kept, vendorCursor: text };
      continue;
    }
    const { anchor: _anchor, readAhead: _readAhead, ...unanchored } = kept;
    found[name] = { ...unanchored, vendorCursor: null };
  }
  return found;
}
