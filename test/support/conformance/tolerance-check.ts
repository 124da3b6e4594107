import { isDeepStrictEqual } from 'node:util';
import { RecordMappingError } from '../../../src/contract/index.js';
import { rowOf, rowSchemaProblems } from './rows-check.js';
import { recordsOf, type SimulatedVendor } from './simulated-vendor.js';

const SAMPLE = 12;
const UNKNOWN = 'conformance-unknown-value';

type Leaf = (string | number)[];

/**
 * The mapper tolerates what vendors do without notice: an extra field changes nothing;
 * a missing field or an unknown (string) value anywhere in a record still gives a valid
 * row, or a `RecordMappingError` (a field the row cannot do without), never a crash.
 */
export function checkTolerance(vendor: SimulatedVendor): string[] {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const records = recordsOf(vendor).slice(0, SAMPLE);
  if (records.length === 0) return ['the simulator served no records'];
  const problems: string[] = [];
  for (const [index, record] of records.entries()) {
    let original;
    try {
      original = rowOf(vendor, record);
    } catch (error) {
      problems.push(`record ${index} could not be mapped: ${(error as Error).message}`);
      continue;
    }
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
      const extra = { ...record, conformanceExtraField: { nested: [1, 'two'] }, conformance_extra_flag: true };
      const withExtra = attempt(vendor, extra);
      if (typeof withExtra === 'string' || !isDeepStrictEqual(withExtra, original)) problems.push(`record ${index}: extra fields changed the row`);
    }
    for (const leaf of leavesOf(record)) {
      const where = leaf.join('.');
      const removed = attempt(vendor, changed(record, leaf, undefined));
      if (typeof removed === 'string') problems.push(`record ${index} without ${where}: ${removed}`);
      if (typeof valueAt(record, leaf) === 'string') {
        const unknown = attempt(vendor, changed(record, leaf, UNKNOWN));
        if (typeof unknown === 'string') problems.push(`record ${index} with ${where} = "${UNKNOWN}": ${unknown}`);
      }
    }
  }
  return problems;
}

/** The row, null for a `RecordMappingError`, or what went wrong. */
function attempt(vendor: SimulatedVendor, record: unknown) {
  try {
    const row = rowOf(vendor, record);
    const problems = rowSchemaProblems(row);
    return problems.length === 0 ? row : `the row breaks the schema: ${problems.join('; ')}`;
  } catch (error) {
    if (error instanceof RecordMappingError) return null;
    return `the mapper threw ${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** Paths of every field, nested objects and array items included (three levels deep). */
function leavesOf(value: unknown, path: Leaf = []): Leaf[] {
  if (path.length >= 3 || value === null || typeof value !== 'object') return path.length === 0 ? [] : [path];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.slice(0, 2).map((item, index) => [index, item]) : Object.entries(value);
  const own = path.length === 0 ? [] : [path];
  return [...own, ...entries.flatMap(([key, child]) => leavesOf(child, [...path, key]))];
}

function valueAt(value: unknown, path: Leaf): unknown {
  return path.reduce<any>((node, key) => (node === null || node === undefined ? undefined : node[key]), value);
}

function changed(record: unknown, path: Leaf, replacement: unknown): unknown {
  const copy = structuredClone(record) as any;
  const parent = valueAt(copy, path.slice(0, -1)) as any;
  const key = path[path.length - 1]!;
  if (replacement === undefined && Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (replacement === undefined) delete parent[key];
  else parent[key] = replacement;
  return copy;
}
