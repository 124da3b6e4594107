import type { SourceReport } from './api-types.js';

/** A source's state on one page, as a short label; the error's code and message say why. */
export function chipLabel(report: SourceReport): string {
  if (report.status === 'rate_limited') {
    return `rate limited${report.retryAfterSec !== undefined ? ` · retry in ${Math.ceil(report.retryAfterSec)} s` : ''}`;
  }
  if (report.status === 'ok') return report.stale ? 'stale' : report.cached ? 'ok · cached' : 'ok';
  if (report.status === 'skipped') return 'not read';
  const error = report.error ? ` ${report.error.code}: ${report.error.message}` : '';
  const retry = report.retryAfterSec !== undefined ? ` (retry in ${Math.ceil(report.retryAfterSec)} s)` : '';
  return `${report.status.replace('_', ' ')}${error}${retry}`;
}

function chipKind(report: SourceReport): string {
  if (report.status === 'ok') return report.stale ? 'stale' : 'ok';
  return report.status;
}

export function SourceChips({ sources }: { sources: SourceReport[] }) {
  return (
    <ul class="chips" aria-label="Sources of this page">
      {sources.map((report) => (
        <li
          key={report.source}
          class={`chip chip-${chipKind(report)}`}
          data-source={report.source}
          data-status={chipKind(report)}
          title={`${report.vendor}: ${report.requests} vendor request(s), ${Math.round(report.latencyMs)} ms${report.skipped ? `, ${report.skipped} record(s) not mapped` : ''}${report.fetchedAt ? `, fetched ${report.fetchedAt}` : ''}`}
        >
          <strong>{report.source}</strong> {chipLabel(report)}
        </li>
      ))}
    </ul>
  );
}

/** Which sources made a page partial, in words. */
export function partialReason(sources: SourceReport[]): string {
  const failing = sources.filter((report) => report.status !== 'ok' || report.stale).map((report) => report.source);
  return failing.length > 0 ? `${failing.join(', ')} did not answer in full` : 'a source did not answer in full';
}
