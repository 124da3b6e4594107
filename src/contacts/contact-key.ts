import type { CountryCode } from 'libphonenumber-js';
import type { ContactPhoneFormat, Row } from '../contract/index.js';
import { normalizePhone } from './contact-phone.js';

/** The contact fields the core assigns to every row, from the phone and email a vendor sent. */
export type ContactFields = Pick<Row, 'contactPhone' | 'contactPhoneFormat' | 'contactEmail' | 'contactKey'>;

/**
 * One person, one key, whatever the vendor wrote: `tel:<E.164>` when the phone parsed,
 * else `mailto:<email>` (trimmed, lower-cased), else null. A number kept as given (SIP,
 * short code, unparsed) gives no key: it would not match the same person written another way.
 */
export function contactFieldsOf(phone: string | null, email: string | null, defaultRegion?: CountryCode): ContactFields {
  const normalized = phone === null || phone.trim() === '' ? null : normalizePhone(phone, defaultRegion);
  const contactEmail = email === null || email.trim() === '' ? null : email.trim().toLowerCase();
  const format: ContactPhoneFormat | null = normalized?.format ?? null;
  const contactKey = format === 'e164' ? `tel:${normalized!.phone}` : contactEmail !== null ? `mailto:${contactEmail}` : null;
  return { contactPhone: normalized?.phone ?? null, contactPhoneFormat: format, contactEmail, contactKey };
}
