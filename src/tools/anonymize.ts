import { fakeEmail, fakeName, fakePhone } from './stable-fakes.js';

/**
 * Removes personal data from a vendor body: names, emails and phone numbers, recognised
 * by their field names and by their shape, become stable fakes; the same values found
 * inside free text (a summary quoting the caller's name) are replaced as well.
 */

const NAME_FIELD = /^(name|first_?name|last_?name|full_?name|user_?name|contact_?name|customer_?name|caller_?name|live_?agent_?name)$/i;
const NAME_LIST_FIELD = /^(assignee_?names|names)$/i;
const PHONE_FIELD = /(phone|^number$|_number$|phone_?number)/i;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_IN_TEXT = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
const PHONE_SHAPE = /^\+?\d[\d\s().-]{6,}\d$/;
const PHONE_IN_TEXT = /\+\d[\d\s().-]{7,}\d/g;

export class Anonymizer {
  /** Original → fake, for the free-text pass. */
  private readonly seen = new Map<string, string>();

  /** A copy of `value` with personal data replaced. */
  anonymize(value: unknown): unknown {
    const structured = this.fields(value, undefined);
    return this.text(structured);
  }

  private fields(value: unknown, key: string | undefined): unknown {
    if (Array.isArray(value)) {
      const listOfNames = key !== undefined && NAME_LIST_FIELD.test(key);
      return value.map((item) => (listOfNames && typeof item === 'string' ? this.replace(item, fakeName) : this.fields(item, key)));
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, this.fields(member, name)]));
    }
    if (typeof value !== 'string' || value === '') return value;
    if (EMAIL_SHAPE.test(value)) return this.replace(value, fakeEmail);
    if (key !== undefined && NAME_FIELD.test(key)) return this.replace(value, fakeName);
    if (PHONE_SHAPE.test(value) && (value.trim().startsWith('+') || (key !== undefined && PHONE_FIELD.test(key)))) return this.replace(value, fakePhone);
    return value;
  }

  private replace(original: string, fake: (value: string) => string): string {
    const replacement = fake(original);
    // Short values would match inside unrelated words of free text.
    if (original.length >= 4) this.seen.set(original, replacement);
    return replacement;
  }

  private text(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.text(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, this.text(member)]));
    }
    if (typeof value !== 'string') return value;
    let text = value;
    for (const [original, fake] of [...this.seen].sort((a, b) => b[0].length - a[0].length)) text = text.split(original).join(fake);
    return text.replace(EMAIL_IN_TEXT, (email) => fakeEmail(email)).replace(PHONE_IN_TEXT, (phone) => fakePhone(phone));
  }
}
