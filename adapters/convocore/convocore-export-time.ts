/**
 * The export's message time, a human-readable string such as
 * `December 1st 2024, 10:30:00 am` (moment's `MMMM Do YYYY, h:mm:ss a`). Convocore states
 * no zone: we read it as UTC, the zone of every other time the API sends (unix seconds).
 * A workspace whose export speaks local time would shift by its offset; the list's
 * `firstMessageTS` / `lastMessageTS` would then disagree with the transcript by whole hours.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const PATTERN = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th) (\d{4}), (\d{1,2}):(\d{2}):(\d{2}) (am|pm)$/i;

/** Epoch ms, or null for anything that is not such a string (or not a real date). */
export function parseConvocoreTs(value: unknown): number | null {
  const match = typeof value === 'string' ? PATTERN.exec(value.trim()) : null;
  if (!match) return null;
  const [, monthName, day, year, hour, minute, second, half] = match;
  const month = MONTHS.indexOf(monthName!.toLowerCase());
  const hour12 = Number(hour);
  if (month < 0 || hour12 < 1 || hour12 > 12 || Number(minute) > 59 || Number(second) > 59) return null;
  const hour24 = (hour12 % 12) + (half!.toLowerCase() === 'pm' ? 12 : 0);
  const ms = Date.UTC(Number(year), month, Number(day), hour24, Number(minute), Number(second));
  // Date.UTC rolls 31 February over into March: such a day is not a date.
  return new Date(ms).getUTCDate() === Number(day) ? ms : null;
}

/** The simulator writes what the parser reads: UTC, whole seconds. */
export function formatConvocoreTs(ms: number): string {
  const date = new Date(ms);
  const day = date.getUTCDate();
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  const month = MONTHS[date.getUTCMonth()]!;
  const hours = date.getUTCHours();
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${hours % 12 === 0 ? 12 : hours % 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'am' : 'pm'}`;
  return `${month[0]!.toUpperCase()}${month.slice(1)} ${day}${suffix} ${date.getUTCFullYear()}, ${time}`;
}
