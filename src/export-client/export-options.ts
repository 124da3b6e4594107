import { parseArgs } from 'node:util';

export const EXPORT_USAGE =
  'usage: npm run export -- --agent ID [--since ISO] [--until ISO] [--sources A,B] [--include raw,summary]\n' +
  '                         [--format ndjson|csv] [--out FILE] [--sync-state FILE] [--cursor C] [--url URL] [--token TOKEN]\n' +
  '  --url and --token default to GATEWAY_URL and GATEWAY_TOKEN.';

export interface ExportOptions {
  url: string;
  token: string;
  agent: string;
  format: 'ndjson' | 'csv';
  /** The filters sent as the export's query (since, until, sources, include). */
  query: Record<string, string>;
  /** Resume a cut export after its last row (the cursor it printed). */
  cursor?: string;
  /** Rows go here; stdout when absent. */
  out?: string;
  /** Keeps the sync token between runs: each run exports only what changed since the last complete one. */
  syncState?: string;
}

/** Reads the command line; throws an Error whose message is for the user (exit code 2). */
export function parseExportOptions(argv: string[], env: NodeJS.ProcessEnv): ExportOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      agent: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      sources: { type: 'string' },
      include: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
      out: { type: 'string' },
      'sync-state': { type: 'string' },
      cursor: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
    strict: true,
  });
  const url = values.url ?? env.GATEWAY_URL;
  const token = values.token ?? env.GATEWAY_TOKEN;
  if (!values.agent) throw new Error('--agent is required');
  if (!url) throw new Error('--url or GATEWAY_URL is required');
  if (!token) throw new Error('--token or GATEWAY_TOKEN is required');
  if (values.format !== 'ndjson' && values.format !== 'csv') throw new Error('--format is ndjson or csv');
  const query: Record<string, string> = {};
  for (const name of ['since', 'until', 'sources', 'include'] as const) {
    if (values[name] !== undefined) query[name] = values[name];
  }
  return {
    url: url.replace(/\/+$/, ''),
    token,
    agent: values.agent,
    format: values.format,
    query,
    ...(values.cursor ? { cursor: values.cursor } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values['sync-state'] ? { syncState: values['sync-state'] } : {}),
  };
}
