import { useEffect, useState } from 'preact/hooks';
import { authorized, conversationsPath } from './api.js';

const EXPORT_PATH = '/v1/agents/{agentId}/conversations/export';

interface ExportButtonsProps {
  agentId: string;
  query: URLSearchParams;
  token: string;
}

type Availability = 'unknown' | 'available' | 'absent';

/**
 * Downloads the filtered walk from the export endpoint. The token may not travel in a URL,
 * so the file is fetched with the header and handed to the browser as a blob. The buttons
 * show only when the gateway's OpenAPI document lists the route, and hide if it answers 404.
 */
export function ExportButtons({ agentId, query, token }: ExportButtonsProps) {
  const [availability, setAvailability] = useState<Availability>('unknown');
  const [status, setStatus] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    fetch('/openapi.json', { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : null))
      .then((document: { paths?: Record<string, unknown> } | null) => setAvailability(document?.paths?.[EXPORT_PATH] ? 'available' : 'absent'))
      .catch(() => controller.signal.aborted || setAvailability('absent'));
    return () => controller.abort();
  }, []);

  if (availability !== 'available') return null;

  const download = async (format: 'ndjson' | 'csv') => {
    const exportQuery = new URLSearchParams(query);
    if (format === 'csv') exportQuery.set('format', 'csv');
    setStatus(`Exporting ${format.toUpperCase()}…`);
    try {
      const response = await fetch(conversationsPath(agentId, exportQuery, '/export'), authorized(token));
      if (response.status === 404) {
        setAvailability('absent');
        return;
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        setStatus(`Export failed: ${body?.message ?? response.statusText}`);
        return;
      }
      const blob = await response.blob();
      saveBlob(blob, `${agentId}-conversations.${format}`);
      setStatus(`Exported ${format.toUpperCase()} (${Math.ceil(blob.size / 1024)} KB).`);
    } catch (error) {
      setStatus(`Export failed: ${(error as Error).message}`);
    }
  };

  return (
    <div class="export" role="group" aria-label="Export">
      <span class="export-label" aria-hidden="true">
        Export
      </span>
      <button type="button" aria-label="Export NDJSON" onClick={() => download('ndjson')}>
        NDJSON
      </button>
      <button type="button" aria-label="Export CSV" onClick={() => download('csv')}>
        CSV
      </button>
      <span class="export-status" role="status">
        {status}
      </span>
    </div>
  );
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
