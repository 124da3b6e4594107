import type { Counts, SourceReport } from './api-types.js';
import { type CountsState, partialCountReason, shownCount } from './use-counts.js';

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
          key={`${report.source}|${report.agents?.join(',') ?? ''}`}
          class={`chip chip-${chipKind(report)}`}
          data-source={report.source}
          data-agents={report.agents?.join(',')}
          data-status={chipKind(report)}
          title={`${report.vendor}: ${report.requests} vendor request(s), ${Math.round(report.latencyMs)} ms${report.skipped ? `, ${report.skipped} record(s) not mapped` : ''}${report.fetchedAt ? `, fetched ${report.fetchedAt}` : ''}`}
        >
          <strong>{report.source}</strong>
          {report.agents && <span class="chip-agents"> ({report.agents.join(', ')})</span>} {chipLabel(report)}
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

type CountedSource = Counts['sources'][number];

/** A source counted to its end is ok; one stopped short is partial, or shows how it failed. */
function countChipKind(report: CountedSource): string {
  if (report.complete) return 'ok';
  return report.status === 'ok' ? 'partial' : report.status;
}

/**
 * The counts of the list's filter, above the list: the total and a chip per source with its
 * rows. Counts that stopped before the end are lower bounds (`≥`), and the line says why.
 */
export function SourceCounts({ state }: { state: CountsState }) {
  if (state.status === 'counting') {
    return (
      <p class="counts" aria-busy="true">
        Counting…
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p class="counts" role="status">
        Could not count: {state.message}
      </p>
    );
  }
  const { counts } = state;
  return (
    <div class="counts" data-total={counts.total} data-partial={String(counts.partial)}>
      <strong class="counts-total">{shownCount(counts.total, counts.partial)} conversations</strong>
      <ul class="chips" aria-label="Conversations per source">
        {counts.sources.map((report) => (
          <li
            key={report.source}
            class={`chip chip-${countChipKind(report)}`}
            data-source={report.source}
            data-count={counts.bySource[report.source] ?? 0}
            data-complete={String(report.complete)}
            title={report.error ? `${report.error.code}: ${report.error.message}` : `${report.vendor}: counted to its end`}
          >
            <strong>{report.source}</strong> {shownCount(counts.bySource[report.source] ?? 0, !report.complete)}
          </li>
        ))}
      </ul>
      {counts.partial && (
        <span class="counts-partial" role="status">
          At least these many: {partialCountReason(counts)}.
        </span>
      )}
      {counts.cached && <span class="counts-when">counted at {new Date(counts.countedAt).toLocaleTimeString()}</span>}
    </div>
  );
}
