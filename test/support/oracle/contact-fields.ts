import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Row } from '../../../src/contract/index.js';

/**
 * The contact fields a row carries, written again from the README's row table (not from
 * src/contacts), so the end-to-end tests judge the gateway by the documented rules:
 * - a SIP URI (`sip:`/`sips:`) and a short code (3 to 6 digits once spaces, dots, dashes,
 *   slashes and brackets are gone) are kept as given;
 * - otherwise the number is parsed, with the connection's `defaultRegion`, and a leading
 *   `00` without one is the international prefix; a valid number becomes E.164, anything
 *   else is kept as given, `unparsed`;
 * - the email is trimmed and lower-cased, an empty one is null;
 * - the key is `tel:` plus the E.164 number, else `mailto:` plus the email, else null.
 */
export function contactFieldsOracle(phone: string | null, email: string | null, region?: string): Pick<Row, 'contactPhone' | 'contactPhoneFormat' | 'contactEmail' | 'contactKey'> {
  const cleanEmail = email?.trim().toLowerCase() || null;
  const given = phone?.trim() || null;
  let format: Row['contactPhoneFormat'] = null;
  let contactPhone = given;
  if (given !== null) {
    const compact = given.replace(/[\s().\-/]/g, '');
    if (/^sips?:/i.test(given)) format = 'sip';
    else if (/^\d{3,6}$/.test(compact)) format = 'short-code';
    else {
      const text = region === undefined && compact.startsWith('00') ? `+${compact.slice(2)}` : given;
      const parsed = parsePhoneNumberFromString(text, region as CountryCode | undefined);
      format = parsed?.isValid() ? 'e164' : 'unparsed';
      if (parsed?.isValid()) contactPhone = parsed.number;
    }
  }
  const contactKey = format === 'e164' ? `tel:${contactPhone}` : cleanEmail ? `mailto:${cleanEmail}` : null;
  return { contactPhone, contactPhoneFormat: format, contactEmail: cleanEmail, contactKey };
}
