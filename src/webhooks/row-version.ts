import { createHash } from 'node:crypto';
import type { Row } from '../contract/index.js';

/**
 * A row's version: a digest of its normalized fields (the vendor's `raw` record left out,
 * keys in one order). Any change a receiver could see makes a new version; the same row
 * read twice, by a vendor event and by the poll, makes the same one.
 */
export function rowVersion(row: Row): string {
  const { raw: _raw, ...normalized } = row;
  return createHash('sha256').update(canonicalJson(normalized)).digest('base64url').slice(0, 22);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, each]) => each !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, each]) => `${JSON.stringify(key)}:${canonicalJson(each)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
