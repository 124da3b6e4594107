import { useCallback, useState } from 'preact/hooks';
import type { StalledRow } from './api-types.js';
import { readStalled } from './api.js';
import { STALLED_COLUMNS } from './conversation-columns.js';
import { RowDrawer } from './row-drawer.js';
import { RowTable } from './row-table.js';
import { usePagedWalk } from './use-paged-walk.js';

interface StalledViewProps {
  agentId: string;
  token: string;
}

/** `GET /v1/monitor/stalled` for one agent: longest waiting first. */
export function StalledView({ agentId, token }: StalledViewProps) {
  const walk = usePagedWalk<StalledRow>((cursor, signal) => {
    const query = new URLSearchParams({ agentId, limit: '50' });
    if (cursor) query.set('cursor', cursor);
    return readStalled(query, token, signal);
  }, `${token}|${agentId}`);
  const [open, setOpen] = useState<StalledRow | null>(null);
  const close = useCallback(() => setOpen(null), []);

  return (
    <section class="view" aria-label={`Stalled conversations of ${agentId}`}>
      <p class="hint">
        Conversations the AI or a human agent has left waiting past the monitor's threshold, longest waiting first.
      </p>
      <RowTable label={`Stalled conversations of ${agentId}`} walk={walk} columns={STALLED_COLUMNS} noun="stalled conversations" onOpen={(row) => setOpen(row)} />
      {open && <RowDrawer row={open} onClose={close} />}
    </section>
  );
}
