/**
 * How values read on the page. Times show in the viewer's own zone (the browser's); the UTC
 * instant the API gave is one hover away.
 */

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const time = new Date(iso);
  return `${localDate(time)} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

/** `2026-11-21 06:27:09 UTC`: the instant as the API gave it, for a title. */
export function utcTime(iso: string | null): string | undefined {
  return iso ? `${iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} UTC` : undefined;
}

/** The viewer's zone, as the browser names it (`Europe/Berlin`). */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local time';
}

/** A `datetime-local` input's value (the viewer's zone) for a UTC instant, and back. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? '' : `${localDate(time)}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

export function fromLocalInput(value: string): string {
  const time = value ? new Date(value) : undefined;
  return time && !Number.isNaN(time.getTime()) ? wholeSecondsIso(time) : '';
}

/** The instant `hours` before now, as the API's `since` takes it. */
export function hoursAgo(hours: number, now = Date.now()): string {
  return wholeSecondsIso(new Date(now - hours * 3_600_000));
}

function wholeSecondsIso(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function localDate(time: Date): string {
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds === undefined) return '—';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function contactOf(row: { contactName: string | null; contactEmail: string | null; contactPhone: string | null }): string {
  return row.contactName ?? row.contactEmail ?? row.contactPhone ?? '—';
}

/** A field's value in the drawer: JSON for anything that is not a plain string. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A known vendor gets its own badge colour; the class name must be a safe CSS identifier. */
export function vendorClass(vendor: string): string {
  return `badge vendor-${vendor.replace(/[^a-z0-9-]/gi, '')}`;
}
