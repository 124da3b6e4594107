import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import type { ContactPhoneFormat } from '../contract/index.js';

export interface ContactPhone {
  phone: string;
  format: ContactPhoneFormat;
}

const SIP_URI = /^sips?:/i;
const SHORT_CODE = /^\d{3,6}$/;
/** Characters people write inside phone numbers, besides digits. */
const PUNCTUATION = /[\s().\-/]/g;

/** A region `libphonenumber-js` knows (ISO 3166-1 alpha-2, upper case), for a connection's `defaultRegion`. */
export function isKnownRegion(region: string): region is CountryCode {
  return isSupportedCountry(region);
}

/**
 * A vendor's phone text in E.164 where it parses to a valid number: international forms
 * (`+1 416 555 0100`, `0044 20 7946 0000`) always, national ones (`(416) 555-0100`) with
 * the connection's `defaultRegion`. A leading `00` without a region is read as the
 * international prefix most of the world dials.
 */
export function normalizePhone(text: string, defaultRegion?: CountryCode): ContactPhone {
  const given = text.trim();
  if (SIP_URI.test(given)) return { phone: given, format: 'sip' };
  const compact = given.replace(PUNCTUATION, '');
  if (SHORT_CODE.test(compact)) return { phone: given, format: 'short-code' };
  const international = defaultRegion === undefined && compact.startsWith('00') ? `+${compact.slice(2)}` : given;
  const parsed = parsePhoneNumberFromString(international, defaultRegion);
  if (parsed?.isValid()) return { phone: parsed.number, format: 'e164' };
  return { phone: given, format: 'unparsed' };
}
