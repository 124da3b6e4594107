import { gridTime, type Random } from './random.js';
import { MINUTE_MS } from './stall-probes.js';

/**
 * The times a simulator seeds its records at, each handed to `make` as soon as it is drawn
 * (the record's own draws follow it on the same random stream, so the data stays put).
 */

/** Times on the minute grid within `spanMinutes` before `now`; a share of them repeat the previous one, exact ties. */
export function gridTimeline<T>(random: Random, count: number, now: number, shape: { spanMinutes: number; tieShare: number }, make: (ms: number, index: number) => T): T[] {
  const records: T[] = [];
  let previous: number | undefined;
  for (let index = 0; index < count; index += 1) {
    const ms = previous !== undefined && random.chance(shape.tieShare) ? previous : gridTime(random, now, shape.spanMinutes);
    records.push(make(ms, index));
    previous = ms;
  }
  return records;
}

/** Times stepping back from `now` by one to six whole minutes; a step of 0 is an exact tie (never three in a row). */
export function steppedTimeline<T>(random: Random, count: number, now: number, make: (ms: number) => T): T[] {
  const records: T[] = [];
  let ms = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  let tied = false;
  for (let index = 0; index < count; index += 1) {
    const tie: boolean = index > 0 && !tied && random.chance(0.12);
    if (!tie) ms -= random.int(1, 6) * MINUTE_MS;
    tied = tie;
    records.push(make(ms));
  }
  return records;
}

/** The next whole minute after `ms`, and one more: a time later than every seeded one. */
export function minuteAfter(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
}

/** The latest of `floor` and the given times (ISO text or epoch ms; missing or unreadable ones left out). */
export function latestTime(floor: number, times: readonly (string | number | null | undefined)[]): number {
  const values = times.map((time) => (typeof time === 'string' ? Date.parse(time) : (time ?? Number.NaN)));
  return Math.max(floor, ...values.filter(Number.isFinite));
}

/** Whether `ms` lies in the window, both ends included (no window: always; an unreadable time: never within a window). */
export function inWindow(ms: number, from: number | undefined, to: number | undefined): boolean {
  if (from === undefined && to === undefined) return true;
  return Number.isFinite(ms) && (from === undefined || ms >= from) && (to === undefined || ms <= to);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
