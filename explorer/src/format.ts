/** How values read on the page; times are shown in UTC, as the API gives them. */

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
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
