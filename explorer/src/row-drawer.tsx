import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationDetail, Row } from './api-types.js';
import { ConversationTranscript } from './conversation-transcript.js';
import { fieldText, vendorClass } from './format.js';
import { PersonLink } from './person-link.js';
import { readViewState } from './view-state.js';

/** Reads the vendor's own record of a row, by reading its page again with `include=raw`. */
export type RawReader = (row: Row) => Promise<unknown>;

/** Reads the conversation behind a row: its transcript, summary, recording and analysis. */
export type DetailReader = (row: Row, signal: AbortSignal) => Promise<ConversationDetail>;

interface RowDrawerProps {
  row: Row;
  readRaw?: RawReader;
  readDetail?: DetailReader;
  onClose(): void;
}

type RawState = { kind: 'hidden' } | { kind: 'loading' } | { kind: 'shown'; record: unknown } | { kind: 'failed'; message: string };
type DetailState = { kind: 'loading' } | { kind: 'shown'; detail: ConversationDetail } | { kind: 'failed'; message: string };

/**
 * The conversation behind one row (what was said, as a conversation), every normalized
 * field and, on request, the vendor's record beside them, so an adapter author sees the
 * mapping. A modal dialog: focus moves in, stays in, Escape closes it and focus goes back
 * to the row it came from.
 */
export function RowDrawer({ row, readRaw, readDetail, onClose }: RowDrawerProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const [raw, setRaw] = useState<RawState>({ kind: 'hidden' });
  const [detail, setDetail] = useState<DetailState>({ kind: 'loading' });

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      } else if (event.key === 'Tab') keepFocusInside(dialog.current, event);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);

  useEffect(() => setRaw({ kind: 'hidden' }), [row.id]);

  useEffect(() => {
    if (!readDetail) return undefined;
    const reading = new AbortController();
    setDetail({ kind: 'loading' });
    readDetail(row, reading.signal).then(
      (read) => setDetail({ kind: 'shown', detail: read }),
      (error: Error) => {
        if (!reading.signal.aborted) setDetail({ kind: 'failed', message: error.message });
      },
    );
    return () => reading.abort();
  }, [row.id]);

  const toggleRaw = () => {
    if (!readRaw) return;
    if (raw.kind === 'shown' || raw.kind === 'loading') return setRaw({ kind: 'hidden' });
    setRaw({ kind: 'loading' });
    readRaw(row).then(
      (record) => setRaw({ kind: 'shown', record }),
      (error: Error) => setRaw({ kind: 'failed', message: error.message }),
    );
  };

  const { raw: _raw, ...fields } = row;
  return (
    <div class="drawer-layer">
      <div class="backdrop" onClick={onClose} />
      <div class="drawer" role="dialog" aria-modal="true" aria-labelledby="drawer-title" ref={dialog}>
        <header class="drawer-head">
          <h2 id="drawer-title">
            <span class={vendorClass(row.vendor)}>{row.source}</span> {row.contactName ?? row.contactEmail ?? row.contactPhone ?? row.conversationId}
          </h2>
          <div class="drawer-actions">
            {row.contactKey && readViewState(location.search).contact !== row.contactKey && <PersonLink contactKey={row.contactKey}>Everything with this person</PersonLink>}
            {readRaw && (
              <button type="button" onClick={toggleRaw} aria-pressed={raw.kind === 'shown'}>
                {raw.kind === 'shown' ? 'Hide the vendor record' : "Show the vendor's record"}
              </button>
            )}
            <button type="button" onClick={onClose} aria-label="Close (Escape)">
              Close
            </button>
          </div>
        </header>
        <div class={`drawer-body${raw.kind === 'hidden' ? '' : ' side-by-side'}`}>
          <div class="drawer-main">
            {readDetail && detail.kind === 'loading' && <p role="status">Reading the conversation…</p>}
            {readDetail && detail.kind === 'failed' && <p role="alert">Could not read the conversation: {detail.message}</p>}
            {detail.kind === 'shown' && <ConversationTranscript detail={detail.detail} />}
            <section aria-label="Normalized row">
              <h3>Normalized row</h3>
              <dl class="fields">
                {Object.entries(fields).map(([name, value]) => (
                  <div key={name} class="field">
                    <dt>{name}</dt>
                    <dd class={value === null ? 'null' : undefined}>{fieldText(value)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          </div>
          {raw.kind !== 'hidden' && (
            <section aria-label={`${row.vendor} record`} class="raw">
              <h3>{row.vendor}'s record</h3>
              {raw.kind === 'loading' && <p role="status">Reading the vendor's record…</p>}
              {raw.kind === 'failed' && <p role="alert">Could not read it: {raw.message}</p>}
              {raw.kind === 'shown' && <pre class="raw-record">{JSON.stringify(raw.record, null, 2)}</pre>}
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

function keepFocusInside(container: HTMLElement | null, event: KeyboardEvent): void {
  if (!container) return;
  const focusable = [...container.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex="0"]')];
  if (focusable.length === 0) return;
  const first = focusable[0]!;
  const last = focusable[focusable.length - 1]!;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  } else if (!container.contains(document.activeElement)) {
    event.preventDefault();
    first.focus();
  }
}
