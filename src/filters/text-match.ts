import type { Row } from '../contract/row.js';

const SEARCHED_FIELDS = ['contactName', 'contactEmail', 'contactPhone', 'lastMessagePreview', 'summary'] as const;

/**
 * `q` as a substring of the searched fields; a `q` written as a phone number also matches
 * the same number written another way: its digits within the row's phone's digits.
 */
export function matchesText(row: Row, q: string): boolean {
  if (SEARCHED_FIELDS.some((field) => row[field]?.toLowerCase().includes(q))) return true;
  const digits = row.contactPhone === null ? '' : row.contactPhone.replace(NOT_DIGITS, '');
  return digits !== '' && phoneDigitsOf(q).some((wanted) => digits.includes(wanted));
}

/** The same person: the row's phone in E.164 for a `tel:` key, its email for a `mailto:` one, whichever key the row itself has. */
export function matchesContact(row: Row, contact: string): boolean {
  if (contact.startsWith('tel:')) return row.contactPhoneFormat === 'e164' && row.contactPhone === contact.slice('tel:'.length);
  return row.contactEmail !== null && row.contactEmail === contact.slice('mailto:'.length);
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
