import { RecordMappingError } from './adapter.js';
import type { Cost } from './row.js';

/** Pure helpers every mapper uses, so units and nulls are read one way everywhere. */

const MILLISECONDS_THRESHOLD = 1e12;

/** Unix seconds or milliseconds (a value above 10^12 is milliseconds) to epoch ms. */
export function epochToMs(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return null;
  return Math.round(Math.abs(number) > MILLISECONDS_THRESHOLD ? number : number * 1000);
}

/** An ISO 8601 string to epoch ms; anything unparseable is null. */
export function isoToMs(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms to the gateway's ISO 8601 UTC form. */
export function msToIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** How a vendor states costs: the currency, the decimals it keeps, and what one unit on the wire is worth. */
export interface CostPrecision {
  currency: string;
  /** Decimals of `currency` the vendor's amounts carry (cents with two decimals: 4). */
  decimals: number;
  /** Wire units per `currency` unit: 100 for cents; 1 when the wire is in `currency`. */
  unitsPerCurrency?: number;
}

/**
 * A vendor's cost as the row's `{ amount, currency }`, rounded to the vendor's precision:
 * arithmetic on its number leaves binary noise no vendor sent (68.6 cents / 100 is
 * 0.6859999999999999), which JSON and CSV would both show.
 */
export function costOrNull(value: unknown, precision: CostPrecision): Cost | null {
  const wire = numberOrNull(value);
  if (wire === null) return null;
  const scale = 10 ** precision.decimals;
  return { amount: Math.round((wire / (precision.unitsPerCurrency ?? 1)) * scale) / scale, currency: precision.currency };
}

export function booleanOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item !== '');
}

/** The row's preview is at most 80 characters (counted in code points, not UTF-16 units). */
export function preview(value: unknown): string | null {
  const text = stringOrNull(value);
  if (text === null) return null;
  const codePoints = Array.from(text);
  return codePoints.length <= 80 ? text : codePoints.slice(0, 80).join('');
}

/** A 1–5 rating, or null for anything else. */
export function ratingOrNull(value: unknown): number | null {
  const number = numberOrNull(value);
  if (number === null) return null;
  const rounded = Math.round(number);
  return rounded >= 1 && rounded <= 5 ? rounded : null;
}

/** Looks a vendor enum value up; an unknown value takes the fallback, never an error. */
export function mapEnum<T extends string>(
  value: unknown,
  table: Readonly<Record<string, T>>,
  fallback: T,
): T {
  if (typeof value !== 'string') return fallback;
  return Object.prototype.hasOwnProperty.call(table, value) ? table[value]! : fallback;
}

/** A field the row cannot do without; its absence skips the record. */
export function requireId(record: unknown, field: string): string {
  const value =
    record !== null && typeof record === 'object'
      ? (record as Record<string, unknown>)[field]
      : undefined;
  const id = stringOrNull(value);
  if (id === null) throw new RecordMappingError(`record has no ${field}`);
  return id;
}

export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
