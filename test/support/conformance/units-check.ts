import type { MappedRow } from '../../../src/contract/index.js';
import type { VendorSpec } from '../../../src/specs/vendor-spec.js';
import { rowOf } from './rows-check.js';
import type { SimulatedVendor } from './simulated-vendor.js';
import { specOfWalk } from './spec-check.js';

/**
 * The time and duration fields of rows, judged against the raw records with the units the
 * vendor spec documents, not with the adapter's mapping: a vendor spec marks a record
 * property with `x-row-field` (the row field it fills, `conversationId` marking the record
 * itself) and `x-unit`. A recorder that computes expected rows with the adapter bakes a unit
 * mistake (minutes read as seconds) into its snapshot; this check does not share it.
 */

const DURATION_UNITS: Record<string, number> = { seconds: 1, minutes: 60, milliseconds: 0.001 };
const INSTANT_UNITS: Record<string, (value: unknown) => number | null> = {
  'unix-seconds': (value) => (typeof value === 'number' ? value * 1000 : null),
  'unix-milliseconds': (value) => (typeof value === 'number' ? value : null),
  'date-time': (value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : null),
};
const TIME_FIELDS = ['startedAt', 'endedAt', 'lastActivityAt'] as const;

interface MarkedField {
  property: string;
  rowField: string;
  unit?: string;
}

/** What a record's marked fields say its row must hold, by conversation id. */
export interface RecordExpectation {
  conversationId: string;
  /** `durationSec` in seconds, time fields in epoch ms. */
  values: Record<string, { value: number; raw: unknown; unit: string; property: string }>;
}

/** Every record in a response body whose schema marks its id, with what its marked fields say. */
export function markedRecords(spec: VendorSpec, method: string, path: string, status: number, body: unknown): RecordExpectation[] {
  const found: RecordExpectation[] = [];
  visit(spec, spec.responseSchema(method, path, status), body, found, 0);
  return found;
}

function visit(spec: VendorSpec, schema: unknown, value: unknown, found: RecordExpectation[], depth: number): void {
  if (schema === undefined || depth > 12 || value === null || typeof value !== 'object') return;
  const node = spec.resolveNode(schema);
  const branches = ['allOf', 'anyOf', 'oneOf'].flatMap((keyword) => (Array.isArray(node[keyword]) ? (node[keyword] as unknown[]) : []));
  for (const branch of branches) visit(spec, branch, value, found, depth + 1);
  if (Array.isArray(value)) {
    for (const item of value) visit(spec, node.items, item, found, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  const properties = spec.resolveNode(node.properties);
  const marked: MarkedField[] = Object.entries(properties).flatMap(([property, definition]) => {
    const resolved = spec.resolveNode(definition);
    return typeof resolved['x-row-field'] === 'string' ? [{ property, rowField: resolved['x-row-field'], unit: typeof resolved['x-unit'] === 'string' ? resolved['x-unit'] : undefined }] : [];
  });
  const id = marked.find((field) => field.rowField === 'conversationId');
  if (id && typeof record[id.property] === 'string') {
    const values: RecordExpectation['values'] = {};
    for (const field of marked) {
      const raw = record[field.property];
      if (field.rowField === 'conversationId' || raw === null || raw === undefined) continue;
      const value = valueIn(field, raw);
      if (value !== null) values[field.rowField] = { value, raw, unit: field.unit ?? '(none)', property: field.property };
    }
    found.push({ conversationId: record[id.property] as string, values });
  }
  for (const [property, definition] of Object.entries(properties)) visit(spec, definition, record[property], found, depth + 1);
}

function valueIn(field: MarkedField, raw: unknown): number | null {
  if (field.rowField === 'durationSec') return typeof raw === 'number' && field.unit && DURATION_UNITS[field.unit] ? raw * DURATION_UNITS[field.unit]! : null;
  return field.unit ? (INSTANT_UNITS[field.unit]?.(raw) ?? null) : null;
}

/** Marks the check cannot read: a field outside the row's time fields, or a unit it does not know. */
export function unreadableMarks(records: RecordExpectation[]): string[] {
  return [...new Set(records.flatMap((record) => Object.entries(record.values).flatMap(([field, { unit }]) => (field === 'durationSec' || (TIME_FIELDS as readonly string[]).includes(field) ? [] : [`x-row-field ${field} (${unit}) is not a time or duration field`]))))];
}

/** Where a row's time and duration fields contradict what its record's marked fields say. */
export function unitProblems(records: RecordExpectation[], rows: readonly MappedRow[], label: string): string[] {
  const problems: string[] = [];
  for (const record of records) {
    const row = rows.find((candidate) => candidate.conversationId === record.conversationId);
    if (!row) continue;
    for (const [field, expected] of Object.entries(record.values)) {
      const actual = field === 'durationSec' ? row.durationSec : timeOf(row[field as (typeof TIME_FIELDS)[number]]);
      const tolerance = field === 'durationSec' ? 0.001 : 1;
      if (actual === null || actual === undefined || Math.abs(actual - expected.value) > tolerance) {
        const shown = field === 'durationSec' ? `${expected.value} s` : new Date(expected.value).toISOString();
        const got = field === 'durationSec' ? `${actual ?? 'null'}` : `${row[field as (typeof TIME_FIELDS)[number]] ?? 'null'}`;
        problems.push(`${label}: ${record.conversationId}: ${field} is ${got}, but ${expected.property} ${JSON.stringify(expected.raw)} in ${expected.unit} (as the spec documents) is ${shown}`);
      }
    }
  }
  return problems;
}

function timeOf(value: string | null | undefined): number | null {
  return typeof value === 'string' ? Date.parse(value) : null;
}

/** The rows the adapter maps from the simulator's pages, against the pages read in the spec's units. */
export function checkSimulatorUnits(vendor: SimulatedVendor, root: string): string[] {
  const spec = specOfWalk(vendor, root);
  if (Array.isArray(spec)) return spec;
  return vendor.pages.flatMap(({ request, body, page }, index) => {
    const rows = page.records.flatMap((record) => {
      try {
        return [rowOf(vendor, record)];
      } catch {
        return [];
      }
    });
    return unitProblems(markedRecords(spec, request.method, request.path, 200, body), rows, `page ${index}`);
  });
}
