import { GatewayError } from '../errors.js';

/** A comma list in a query string: one or more non-empty parts, at most 1000 characters. */
export const COMMA_LIST = { type: 'string', maxLength: 1000, pattern: '^[^,]+(,[^,]+)*$' } as const;

export function splitList(value: string): string[] {
  return [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
}

/** A comma list of known members; 400 naming the members for anything else. */
export function parseMembers<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const parts = splitList(value);
  const unknown = parts.filter((part) => !(allowed as readonly string[]).includes(part));
  if (unknown.length > 0 || parts.length === 0) {
    throw new GatewayError('BAD_REQUEST', `${name} takes a comma list of ${allowed.join(', ')}`);
  }
  return parts as T[];
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** A date alone is that day's start in UTC; the API never guesses a caller's zone. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 date-time with a zone, or a date, as epoch ms; 400 for anything else. */
export function parseDateTime(name: string, value: string): number {
  const ms = ISO_DATE_TIME.test(value) ? Date.parse(value) : dateStart(value);
  if (!Number.isFinite(ms)) {
    throw new GatewayError('BAD_REQUEST', `${name} must be an ISO 8601 date-time such as 2026-05-18T14:32:12Z, or a date such as 2026-05-18 (its start in UTC)`);
  }
  return ms;
}

/** `2026-12-01` → 2026-12-01T00:00:00Z; NaN for anything else, a day that does not exist included. */
function dateStart(value: string): number {
  const match = ISO_DATE.exec(value);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : Number.NaN;
}
