import { createHash } from 'node:crypto';

/**
 * Personal data in a recording replaced by fakes that are stable (the same name, email or
 * phone always becomes the same fake, in every file) and plainly fake (example.com, 555).
 */

const FIRST = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Quinn', 'Riley', 'Sawyer', 'Taylor', 'Rowan'];
const LAST = ['Ash', 'Brook', 'Cedar', 'Dale', 'Ember', 'Frost', 'Grove', 'Heath', 'Ivy', 'Lake', 'Moss', 'North', 'Reed', 'Stone', 'Vale', 'Wren'];

function digest(kind: string, value: string): Buffer {
  return createHash('sha256').update(`${kind}\u0000${value}`).digest();
}

const FAKE_EMAIL = /^contact-[0-9a-f]{8}@example\.com$/;
const FAKE_PHONE = /^\+?1415555\d{4}$/;

export function fakeName(name: string): string {
  const [first, last, ...rest] = name.split(' ');
  if (rest.length === 0 && FIRST.includes(first!) && LAST.includes(last ?? '')) return name;
  const hash = digest('name', name);
  return `${FIRST[hash[0]! % FIRST.length]} ${LAST[hash[1]! % LAST.length]}`;
}

export function fakeEmail(email: string): string {
  if (FAKE_EMAIL.test(email)) return email;
  return `contact-${digest('email', email.toLowerCase()).toString('hex').slice(0, 8)}@example.com`;
}

/** A 555 number (reserved for fiction), keeping the `+` when there was one. Fakes stay as they are. */
export function fakePhone(phone: string): string {
  if (FAKE_PHONE.test(phone.trim())) return phone;
  const digits = digest('phone', phone.replace(/[^\d]/g, '')).readUInt32BE(0) % 10_000;
  return `${phone.trim().startsWith('+') ? '+' : ''}1415555${String(digits).padStart(4, '0')}`;
}
