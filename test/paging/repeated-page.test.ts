import { describe, expect, it } from 'vitest';
import { repeatsPreviousPage } from '../../src/paging/page-positions.js';

describe('repeatsPreviousPage', () => {
  it('is a repeat when the page has rows and the same ids as the one before', () => {
    expect(repeatsPreviousPage('a\nb', 'a\nb', 2)).toBe(true);
  });

  it('is no repeat when any id differs, or the first page is read', () => {
    expect(repeatsPreviousPage('a\nb', 'a\nc', 2)).toBe(false);
    expect(repeatsPreviousPage('', 'a', 1)).toBe(false);
  });

  it('takes pages of nothing but unmappable records for no repeat: they all look alike', () => {
    expect(repeatsPreviousPage('?\n?', '?\n?', 0)).toBe(false);
  });
});
