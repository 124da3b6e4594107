import { parseArgs } from 'node:util';
import { exportQuerySchema } from '../routes/export-query.js';

/** Query fields the client sets itself: the format flag, the resume cursor and the sync state. */
const SET_BY_THE_CLIENT = new Set(['format', 'cursor', 'syncToken']);

/**
 * Every filter of the export endpoint is a flag of the same name in kebab case
 * (`minDurationSec` → `--min-duration-sec`), taken from the route's schema so the two never drift.
 */
export const FILTER_FLAGS: ReadonlyMap<string, string> = new Map(
  Object.keys(exportQuerySchema.properties)
    .filter((name) => !SET_BY_THE_CLIENT.has(name))
    .map((name) => [name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), name]),
);

export const EXPORT_USAGE = `usage: npm run export -- --agent ID [filters] [--format ndjson|csv] [--out FILE]
                         [--sync-state FILE] [--cursor C] [--url URL] [--token TOKEN]

Streams every row of an agent's filtered walk from the gateway's export endpoint to a file
(stdout without --out). Exit codes: 0 complete, 3 cut (resume with the printed --cursor),
2 bad usage, 1 the gateway refused the export.

  --agent ID           the agent to export (required)
  --format ndjson|csv  default ndjson
  --out FILE           where the rows go; default stdout
  --sync-state FILE    export only what changed since the last complete run, and keep its token here
  --cursor C           resume a cut export after its last row
  --url, --token       the gateway and a bearer token; default GATEWAY_URL and GATEWAY_TOKEN
  --help               this text

Filters, with the endpoint's own meaning and syntax (comma lists; since and until take an
ISO 8601 date-time or a date, which is the start of that day in UTC):
${wrap([...FILTER_FLAGS.keys()].map((flag) => `--${flag} V`), 2, 88)}
`;

export interface ExportOptions {
  url: string;
  token: string;
  agent: string;
  format: 'ndjson' | 'csv';
  /** The filters sent as the export's query, under the endpoint's own names. */
  query: Record<string, string>;
  /** Resume a cut export after its last row (the cursor it printed). */
  cursor?: string;
  /** Rows go here; stdout when absent. */
  out?: string;
  /** Keeps the sync token between runs: each run exports only what changed since the last complete one. */
  syncState?: string;
}

/** `--help` or `-h` anywhere: print the usage and do nothing else. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Reads the command line; throws an Error whose message is for the user (exit code 2). */
export function parseExportOptions(argv: string[], env: NodeJS.ProcessEnv): ExportOptions {
  const filterOptions = Object.fromEntries([...FILTER_FLAGS.keys()].map((flag) => [flag, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    options: {
      ...filterOptions,
      agent: { type: 'string' },
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
  for (const [flag, name] of FILTER_FLAGS) {
    const value = (values as Record<string, string | undefined>)[flag];
    if (value !== undefined) query[name] = value;
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

function wrap(words: string[], indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent + line.length + 2 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}, ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((text) => `${' '.repeat(indent)}${text}`).join('\n');
}
