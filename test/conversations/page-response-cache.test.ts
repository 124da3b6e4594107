import { describe, expect, it } from 'vitest';
import { PageResponseCache, pageResponseKey } from '../../src/conversations/page-response-cache.js';
import type { ConversationsPage } from '../../src/conversations/read-conversations-page.js';
import type { SourceReport } from '../../src/conversations/source-report.js';

const SECRET = 'kept-page-secret-0123456789';

function pageOf(text: string, source: Partial<SourceReport> = {}): ConversationsPage {
  return {
    rows: [{ id: 'a:1', summary: text } as unknown as ConversationsPage['rows'][number]],
    pagination: { limit: 1, hasMore: false, nextCursor: null },
    sources: [{ source: 'a', vendor: 'a', status: 'ok', requests: 1, latencyMs: 12, skipped: 0, cached: false, stale: false, ...source }],
    partial: false,
  };
}

function cache(now = { at: 0 }, maxBytes = 1_000_000) {
  const serialized: ConversationsPage[] = [];
  const pages = new PageResponseCache({ maxEntries: 10, maxBytes, now: () => now.at, scrub: (text) => text.replaceAll(SECRET, '[redacted]') });
  const serialize = (page: ConversationsPage) => {
    serialized.push(page);
    return JSON.stringify({ success: true, data: page });
  };
  return { pages, serialize, serialized };
}

describe('PageResponseCache', () => {
  it('keeps a healthy page serialized once, its sources as served from the cache, with the tag put returned', () => {
    const { pages, serialize, serialized } = cache();
    const etag = pages.put('k', pageOf('hello'), 1_000, serialize);
    const kept = pages.get('k')!;
    expect(kept.etag).toBe(etag);
    expect(JSON.parse(kept.body.toString())).toEqual({ success: true, data: pageOf('hello', { requests: 0, latencyMs: 0, cached: true }) });
    pages.get('k');
    expect(serialized).toHaveLength(1);
  });

  it('scrubs the kept body once, when it is kept', () => {
    const { pages, serialize } = cache();
    pages.put('k', pageOf(`echo ${SECRET}`), 1_000, serialize);
    const body = pages.get('k')!.body.toString();
    expect(body).not.toContain(SECRET);
    expect(body).toContain('echo [redacted]');
  });

  it('keeps nothing partial, stale, failing, uncached or under no key, and drops a page once it is no longer fresh', () => {
    const now = { at: 0 };
    const { pages, serialize, serialized } = cache(now);
    pages.put('partial', { ...pageOf('x'), partial: true }, 1_000, serialize);
    pages.put('stale', pageOf('x', { stale: true }), 1_000, serialize);
    pages.put('failing', pageOf('x', { error: { code: 'VENDOR_TIMEOUT', message: 'slow' } }), 1_000, serialize);
    pages.put('uncached', pageOf('x'), null, serialize);
    expect(pages.put(undefined, pageOf('x'), 1_000, serialize)).toMatch(/^"[A-Za-z0-9_-]+"$/);
    for (const key of ['partial', 'stale', 'failing', 'uncached']) expect(pages.get(key)).toBeUndefined();
    expect(serialized).toHaveLength(0);
    pages.put('fresh', pageOf('x'), 1_000, serialize);
    now.at = 999;
    expect(pages.get('fresh')).toBeDefined();
    now.at = 1_000;
    expect(pages.get('fresh')).toBeUndefined();
  });

  it('counts the bodies it keeps against its byte budget', () => {
    const { pages, serialize } = cache({ at: 0 }, 3_000);
    pages.put('big-1', pageOf('x'.repeat(1_000)), 1_000, serialize);
    pages.put('big-2', pageOf('y'.repeat(1_000)), 1_000, serialize);
    expect(pages.get('big-1')).toBeUndefined();
    expect(pages.get('big-2')).toBeDefined();
  });
});

describe('pageResponseKey', () => {
  it('is the same for the same query in any order, and differs for any other organization, agent or value', () => {
    const key = pageResponseKey('acme', 'bot', { limit: 20, q: 'a' });
    expect(pageResponseKey('acme', 'bot', { q: 'a', limit: 20 })).toBe(key);
    for (const other of [
      pageResponseKey('acme2', 'bot', { limit: 20, q: 'a' }),
      pageResponseKey('acme', 'bot2', { limit: 20, q: 'a' }),
      pageResponseKey('acme', 'bot', { limit: 2, q: 'a' }),
      pageResponseKey('acme', 'bot', { limit: 20, q: 'a"' }),
      pageResponseKey('acme', 'bot', { limit: 20 }),
      pageResponseKey('acme"', '"bot', { limit: 20, q: 'a' }),
    ]) {
      expect(other).not.toBe(key);
    }
  });
});
