import { createHash } from 'node:crypto';
import type { ChannelType, ConversationState, PushDownFilters, Row } from '../contract/index.js';

/**
 * The row filters of the conversations endpoint, parsed and normalized. The ones an adapter
 * may push down to its vendor (duration, success, rating, tags) are `PushDownFilters`.
 */
export interface ConversationFilters extends PushDownFilters {
  /** Epoch ms: `since <= lastActivityAt`. */
  since?: number;
  /** Epoch ms: `lastActivityAt < until`. */
  until?: number;
  channel?: ChannelType[];
  state?: ConversationState[];
  /** Lower-cased search text. */
  q?: string;
  /** One person: `tel:<E.164>` matches the row's phone, `mailto:<email>` its email (src/contacts/contact-query.ts). */
  contact?: string;
}

const SEARCHED_FIELDS = ['contactName', 'contactEmail', 'contactPhone', 'lastMessagePreview', 'summary'] as const;

/** Exact filtering in the gateway; a null field never satisfies a bound on it. */
export function matchesFilters(row: Row, filters: ConversationFilters, lastActivityMs: number | null): boolean {
  if (filters.since !== undefined && (lastActivityMs === null || lastActivityMs < filters.since)) return false;
  if (filters.until !== undefined && (lastActivityMs === null || lastActivityMs >= filters.until)) return false;
  if (filters.channel && !filters.channel.includes(row.channelType)) return false;
  if (filters.state && !filters.state.includes(row.conversationState)) return false;
  if (!withinBounds(row.durationSec, filters.minDurationSec, filters.maxDurationSec)) return false;
  if (!withinBounds(row.rating, filters.minRating, filters.maxRating)) return false;
  if (filters.successful !== undefined && row.successful !== filters.successful) return false;
  if (filters.tags && !row.tags.some((tag) => filters.tags!.includes(tag))) return false;
  if (filters.q !== undefined && !matchesText(row, filters.q)) return false;
  if (filters.contact !== undefined && !matchesContact(row, filters.contact)) return false;
  return true;
}

/** The same person: the row's phone in E.164 for a `tel:` key, its email for a `mailto:` one, whichever key the row itself has. */
function matchesContact(row: Row, contact: string): boolean {
  if (contact.startsWith('tel:')) return row.contactPhoneFormat === 'e164' && row.contactPhone === contact.slice('tel:'.length);
  return row.contactEmail !== null && row.contactEmail === contact.slice('mailto:'.length);
}

/**
 * `q` as a substring of the searched fields; a `q` written as a phone number also matches
 * the same number written another way: its digits within the row's phone's digits.
 */
function matchesText(row: Row, q: string): boolean {
  if (SEARCHED_FIELDS.some((field) => row[field]?.toLowerCase().includes(q))) return true;
  const digits = row.contactPhone === null ? '' : row.contactPhone.replace(NOT_DIGITS, '');
  return digits !== '' && phoneDigitsOf(q).some((wanted) => digits.includes(wanted));
}

const PHONE_TEXT = /^\+?[\d\s().\-/]+$/;
const NOT_DIGITS = /\D/g;

/**
 * The digit strings a phone-like `q` stands for: its digits, and for a whole number (7
 * digits or more) also without the international prefix `00` or the trunk prefix `0`, so
 * `0044 20 7946 0000` and `020 7946 0000` both find `+442079460000`. Empty for other text.
 */
export function phoneDigitsOf(q: string): string[] {
  if (!PHONE_TEXT.test(q)) return [];
  const digits = q.replace(NOT_DIGITS, '');
  if (digits.length < 3) return [];
  if (digits.length < 7) return [digits];
  if (digits.startsWith('00')) return [digits, digits.slice(2)];
  if (digits.startsWith('0')) return [digits, digits.slice(1)];
  return [digits];
}

function withinBounds(value: number | null, min: number | undefined, max: number | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  if (value === null) return false;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** The filters in the order cursors have always fingerprinted them; any other follows by name. */
const FINGERPRINT_ORDER = ['since', 'until', 'channel', 'state', 'q', 'minDurationSec', 'maxDurationSec', 'successful', 'minRating', 'maxRating', 'tags'] as const;

/**
 * A short digest of the filters and selected sources, so a cursor is only accepted with
 * the filters it was issued for. Lists are sorted: `channel=sms,voice` equals `voice,sms`.
 * Every filter counts, whether or not it is named here: one not in `FINGERPRINT_ORDER`
 * (a filter added later) is fingerprinted by its name and value, after the sources and
 * only when given, so the cursors of walks without it keep their fingerprint.
 */
export function filterFingerprint(filters: ConversationFilters, sources: string[]): string {
  const values = filters as Record<string, unknown>;
  const named: readonly string[] = FINGERPRINT_ORDER;
  const others = Object.keys(values)
    .filter((name) => !named.includes(name) && values[name] !== undefined)
    .sort();
  const canonical = JSON.stringify([
    ...FINGERPRINT_ORDER.map((name) => canonicalOf(values[name])),
    sorted(sources),
    ...others.map((name) => [name, canonicalOf(values[name])]),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** A filter's value as fingerprinted: lists as sets, absent as null. */
function canonicalOf(value: unknown): unknown {
  return Array.isArray(value) ? sorted(value as string[]) : (value ?? null);
}

function sorted(list: readonly string[] | undefined): string[] | null {
  return list ? [...new Set(list)].sort() : null;
}
