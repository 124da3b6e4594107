/** Deterministic data for simulators: one seed, the same conversations every run. */

import { parsePhoneNumber } from 'libphonenumber-js';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A lowercase hex string of this length. */
  hex(length: number): string;
}

/** mulberry32: small, fast and good enough for synthetic data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    hex: (length) => {
      let text = '';
      while (text.length < length) text += Math.floor(next() * 16).toString(16);
      return text;
    },
  };
}

/** A stable seed for one simulator and one agent, so agents do not share data. */
export function seedFor(...parts: (string | number)[]): number {
  let hash = 2166136261;
  for (const char of parts.join('|')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

export const CONTACT_NAMES = [
  'Alex Morgan',
  'Zoë Ångström',
  'José Núñez',
  'Søren Kierkegård',
  '李雷',
  'Ayşe Yılmaz',
  'Nguyễn Văn An',
  'Chloé Dubois',
  'Łukasz Żółw',
  'محمد علي',
  'Ōtani Shōhei',
  'Priya Raman',
  'Jane Doe',
  'Émile 🚀 Zola',
  'Björn Borg',
] as const;

export const PREVIEWS = [
  'Thanks! That worked.',
  'Can I speak to a human, please?',
  'What are your opening hours on Sunday?',
  'Ich möchte meine Bestellung stornieren — bitte so schnell wie möglich, danke für die Hilfe!',
  'The invoice total looks wrong to me',
  '予約を変更したいです',
  'Is the premium plan billed monthly or yearly? I could not find it on the pricing page anywhere at all.',
  'ok',
] as const;

export const TAGS = ['new-lead', 'billing', 'vip', 'support', 'refund', 'demo'] as const;

const MINUTE = 60_000;

/**
 * A timestamp on a whole-minute grid before `now`, so timestamps tie inside one vendor
 * and across vendors (all simulators share the grid).
 */
export function gridTime(random: Random, now: number, spanMinutes: number): number {
  const top = Math.floor(now / MINUTE) * MINUTE;
  return top - random.int(1, spanMinutes) * MINUTE;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\w]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
    .toLowerCase() || 'contact';
}

/**
 * People who talk to more than one agent on more than one vendor: one number in eight is
 * one of theirs, so the sandbox's contact search (`GET /v1/conversations?phone=…`) finds
 * each of them across agents and vendors, written as each vendor writes numbers.
 */
export const RECURRING_PHONES = ['+14165550100', '+14165550142', '+442079460000'] as const;

/**
 * How a vendor writes a number: `e164` (`+14165550100`), `international`
 * (`+1 416 555 0100`), `dialed` (`0044 20 7946 0000`: the international prefix most of the
 * world dials), `national` (`(416) 555-0100` for a North American number, which only the
 * connection's `defaultRegion` makes E.164 again; other numbers stay international).
 */
export type PhoneStyle = 'e164' | 'international' | 'dialed' | 'national';

/** A caller's number, written in a vendor's style; one random draw whatever the style. */
export function phoneNumber(random: Random, style: PhoneStyle = 'e164'): string {
  const draw = random.int(0, 9999);
  const e164 = draw % 8 === 0 ? RECURRING_PHONES[(draw >> 3) % RECURRING_PHONES.length]! : `+1416555${String(draw).padStart(4, '0')}`;
  return writtenPhone(e164, style);
}

/** An international number (`+…`) written in a vendor's style; anything that does not parse as it was. */
export function writtenPhone(number: string, style: PhoneStyle): string {
  if (style === 'e164') return number;
  let parsed;
  try {
    parsed = parsePhoneNumber(number);
  } catch {
    return number;
  }
  if (style === 'national' && parsed.countryCallingCode === '1') return parsed.formatNational();
  if (style === 'dialed') return `00${parsed.formatInternational().slice(1)}`;
  return parsed.formatInternational();
}
