import type { Row } from '../../../src/contract/index.js';

/**
 * Whether a row belongs in the answer to an endpoint query, written again from the
 * README's endpoint reference (not from src/filters), so the end-to-end and property tests
 * judge the gateway by the documented rules:
 * - `since ≤ lastActivityAt < until`;
 * - `channel`, `state`, `sources` and `tags` are comma lists matched by any member;
 * - `q` is a case-insensitive substring of contact name, email, phone, preview or summary;
 *   a `q` of phone characters with 3 digits or more also matches when its digits (for 7 or
 *   more, also without a leading `00` or `0`) lie within the phone's digits;
 * - duration and rating bounds are inclusive;
 * - a null field never satisfies a bound on it.
 * The query is the one the endpoint takes (strings), so the parsing is judged too.
 * test/filters/oracle-agreement.property.test.ts holds it to the filter table, row by row.
 */
export function rowMatchesQuery(row: Row, query: Readonly<Record<string, string>>): boolean {
  const activity = row.lastActivityAt === null ? null : new Date(row.lastActivityAt).getTime();
  if (query.since !== undefined) {
    if (activity === null || !(new Date(query.since).getTime() <= activity)) return false;
  }
  if (query.until !== undefined) {
    if (activity === null || !(activity < new Date(query.until).getTime())) return false;
  }
  if (query.channel !== undefined && !list(query.channel).includes(row.channelType)) return false;
  if (query.state !== undefined && !list(query.state).includes(row.conversationState)) return false;
  if (query.sources !== undefined && !list(query.sources).includes(row.source)) return false;
  if (query.tags !== undefined && !row.tags.some((tag) => list(query.tags!).includes(tag))) return false;
  if (query.q !== undefined && !searchable(row).some((text) => text.toLowerCase().includes(query.q!.toLowerCase())) && !samePhoneDigits(row, query.q)) return false;
  if (!atLeast(row.durationSec, query.minDurationSec) || !atMost(row.durationSec, query.maxDurationSec)) return false;
  if (!atLeast(row.rating, query.minRating) || !atMost(row.rating, query.maxRating)) return false;
  if (query.successful !== undefined && row.successful !== (query.successful === 'true')) return false;
  return true;
}

function samePhoneDigits(row: Row, q: string): boolean {
  if (row.contactPhone === null || !/^\+?[0-9 ().\-/\t\n]+$/.test(q)) return false;
  const wanted = q.replace(/[^0-9]/g, '');
  const have = row.contactPhone.replace(/[^0-9]/g, '');
  if (wanted.length < 3 || have === '') return false;
  const forms = [wanted];
  if (wanted.length >= 7 && wanted.startsWith('00')) forms.push(wanted.slice(2));
  else if (wanted.length >= 7 && wanted.startsWith('0')) forms.push(wanted.slice(1));
  return forms.some((form) => have.includes(form));
}

function list(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

function searchable(row: Row): string[] {
  const fields = [row.contactName, row.contactEmail, row.contactPhone, row.lastMessagePreview, row.summary];
  return fields.filter((field): field is string => field !== null);
}

function atLeast(value: number | null, bound: string | undefined): boolean {
  if (bound === undefined) return true;
  return value !== null && value >= Number(bound);
}

function atMost(value: number | null, bound: string | undefined): boolean {
  if (bound === undefined) return true;
  return value !== null && value <= Number(bound);
}
