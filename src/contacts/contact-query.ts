import { GatewayError } from '../errors.js';
import { normalizePhone } from './contact-phone.js';

/** The contact parameters of `GET /v1/conversations`, exactly one of them. */
export interface ContactQuery {
  phone?: string;
  email?: string;
  contactKey?: string;
}

/** An address with one `@`, something on each side and no spaces: what a search can match exactly. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The one person a search asks for, as a contact key: `phone` must be a valid number in
 * international form (`+14165550100`, `0044 20 7946 0000`: a search spans connections of
 * several regions, so no region is assumed), `email` an address, `contactKey` a row's key.
 * Anything else is a 400 that says what to send.
 */
export function contactOf(query: ContactQuery): string {
  const given = (['phone', 'email', 'contactKey'] as const).filter((name) => query[name] !== undefined);
  if (given.length !== 1) {
    throw new GatewayError('BAD_REQUEST', `give exactly one of phone, email or contactKey${given.length > 1 ? ` (got ${given.join(', ')})` : ''}`);
  }
  if (query.phone !== undefined) return telKey(query.phone, 'phone');
  if (query.email !== undefined) return mailtoKey(query.email, 'email');
  const key = query.contactKey!;
  if (key.startsWith('tel:')) return telKey(key.slice('tel:'.length), 'contactKey');
  if (key.startsWith('mailto:')) return mailtoKey(key.slice('mailto:'.length), 'contactKey');
  throw new GatewayError('BAD_REQUEST', 'contactKey must be a row\'s contactKey: tel:<E.164 number> or mailto:<email>');
}

function telKey(text: string, name: string): string {
  const { phone, format } = normalizePhone(text);
  if (format !== 'e164') {
    throw new GatewayError('BAD_REQUEST', `${name} must be a valid phone number in international form, such as +14165550100 or 0044 20 7946 0000`);
  }
  return `tel:${phone}`;
}

function mailtoKey(text: string, name: string): string {
  const email = text.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new GatewayError('BAD_REQUEST', `${name} must be an email address, such as jane@example.com`);
  return `mailto:${email}`;
}
