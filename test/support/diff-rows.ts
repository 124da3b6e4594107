import { isDeepStrictEqual } from 'node:util';
import type { MappedRow } from '../../src/contract/index.js';

/**
 * The differences between a snapshot of mapped rows and what the adapter maps now, one
 * line per changed field, so a failure says which row and which field moved.
 */
export function diffRows(expected: readonly MappedRow[], actual: readonly MappedRow[]): string[] {
  const differences: string[] = [];
  if (expected.length !== actual.length) differences.push(`expected ${expected.length} rows, the adapter mapped ${actual.length}`);
  const count = Math.min(expected.length, actual.length);
  for (let index = 0; index < count; index += 1) {
    const before = expected[index] as unknown as Record<string, unknown>;
    const after = actual[index] as unknown as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const field of fields) {
      if (isDeepStrictEqual(before[field], after[field])) continue;
      differences.push(`row ${index} (${String(before.conversationId)}) field ${field}: expected ${show(before[field])}, got ${show(after[field])}`);
    }
  }
  return differences;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
