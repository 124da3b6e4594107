import { expect } from 'vitest';

/** Page-level promises of a walk: `hasMore` only with a full page, and never a trailing empty page. */
export function expectExactPaging(pages: readonly { rows: readonly unknown[]; hasMore: boolean }[], limit: number): void {
  pages.forEach((page, index) => {
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    if (page.hasMore) expect(page.rows.length, `page ${index} says hasMore`).toBe(limit);
    if (index > 0) expect(page.rows.length, `page ${index} follows hasMore and is empty`).toBeGreaterThan(0);
  });
}
