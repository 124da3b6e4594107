import { createWriteStream } from 'node:fs';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request, type Dispatcher } from 'undici';
import type { ExportTrailer } from '../export/export-trailer.js';
import type { ExportOptions } from './export-options.js';
import { ExportProgress } from './export-progress.js';
import { readSyncToken, writeSyncState } from './sync-state-file.js';

export interface ExportOutcome {
  /** Every row was written: the gateway said so in its trailer. */
  complete: boolean;
  rows: number;
  /** Resume a cut export with `--cursor`. */
  cursor: string | null;
  /** Whether the run was a delta (it continued from the sync state). */
  delta: boolean;
  sources?: ExportTrailer['sources'];
  /** Why the export was cut, when the connection or the gateway broke it. */
  problem?: string;
}

export interface ExportIo {
  /** Rows go here without `--out`. */
  stdout: Writable;
  /** Gets the progress line, only when it is a terminal. */
  stderr: NodeJS.WriteStream;
  dispatcher?: Dispatcher;
}

/**
 * One export from a gateway into a file: NDJSON rows (the trailer line is read, not written)
 * or CSV with its header. Complete means the gateway's trailer said `complete: true`; a
 * missing trailer (a broken connection) or `complete: false` is a cut export, and the sync
 * state keeps its old token so the next run loses nothing.
 */
export async function runExport(options: ExportOptions, io: ExportIo): Promise<ExportOutcome> {
  const syncToken = options.syncState && !options.cursor ? await readSyncToken(options.syncState, options.agent, options.query) : undefined;
  const query = new URLSearchParams({
    ...options.query,
    format: options.format,
    ...(syncToken ? { syncToken } : {}),
    ...(options.cursor ? { cursor: options.cursor } : {}),
  });
  const response = await request(`${options.url}/v1/agents/${encodeURIComponent(options.agent)}/conversations/export?${query}`, {
    headers: { authorization: `Bearer ${options.token}` },
    ...(io.dispatcher ? { dispatcher: io.dispatcher } : {}),
  });
  if (response.statusCode !== 200) {
    const text = await response.body.text();
    throw new Error(`the gateway answered ${response.statusCode}: ${text.slice(0, 500)}`);
  }
  const progress = new ExportProgress(io.stderr.isTTY ? io.stderr : undefined);
  const reader = options.format === 'csv' ? csvCounter(progress) : ndjsonRows(progress);
  const out = options.out ? createWriteStream(options.out) : io.stdout;
  let problem: string | undefined;
  try {
    await pipeline(response.body, reader.transform, out, { end: out !== io.stdout });
  } catch (error) {
    problem = (error as Error).message;
  }
  const trailer = options.format === 'csv' ? csvTrailer(response.trailers) : reader.trailer();
  const outcome: ExportOutcome = {
    complete: problem === undefined && trailer?.complete === true,
    rows: progress.count,
    cursor: trailer?.cursor ?? null,
    delta: syncToken !== undefined,
    ...(trailer ? { sources: trailer.sources } : {}),
    ...(problem === undefined ? (trailer ? {} : { problem: 'the export ended without its trailer' }) : { problem }),
  };
  progress.finish(outcome.sources, outcome.complete ? 'complete' : `cut${outcome.problem ? `: ${outcome.problem}` : ''}`);
  if (outcome.complete && options.syncState && trailer?.syncToken) {
    await writeSyncState(options.syncState, {
      agent: options.agent,
      query: options.query,
      syncToken: trailer.syncToken,
      finishedAt: new Date().toISOString(),
      rows: outcome.rows,
    });
  }
  return outcome;
}

/** Passes NDJSON rows through line by line and keeps the trailer line out of the output. */
function ndjsonRows(progress: ExportProgress) {
  let rest = '';
  let trailer: ExportTrailer | undefined;
  const take = (line: string, push: (text: string) => void) => {
    if (line === '') return;
    if (line.startsWith('{"trailer":')) {
      trailer = (JSON.parse(line) as { trailer: ExportTrailer }).trailer;
      return;
    }
    progress.row(/^\{"id":"(?:[^"\\]|\\.)*","source":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1]);
    push(`${line}\n`);
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      let text = '';
      for (const line of lines) take(line, (part) => (text += part));
      done(null, text);
    },
    flush(done) {
      let text = '';
      take(rest, (part) => (text += part));
      done(null, text);
    },
  });
  return { transform, trailer: () => trailer };
}

/** Passes CSV through, counting records (a newline inside quotes is not a record end); the header is not a row. */
function csvCounter(progress: ExportProgress) {
  let quoted = false;
  let header = true;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) {
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) {
          if (header) header = false;
          else progress.row(undefined);
        }
      }
      done(null, chunk);
    },
  });
  return { transform, trailer: () => undefined };
}

function csvTrailer(trailers: Record<string, string | string[] | undefined>): ExportTrailer | undefined {
  const complete = trailers['x-export-complete'];
  if (complete === undefined) return undefined;
  const sources = trailers['x-export-sources'];
  const syncToken = trailers['x-export-sync-token'];
  const cut = trailers['x-export-cut'];
  return {
    rows: Number(trailers['x-export-rows']),
    complete: complete === 'true',
    partial: trailers['x-export-partial'] === 'true',
    cursor: typeof trailers['x-export-cursor'] === 'string' && trailers['x-export-cursor'] !== '' ? trailers['x-export-cursor'] : null,
    ...(typeof syncToken === 'string' && syncToken !== '' ? { syncToken } : {}),
    ...(typeof cut === 'string' && cut !== '' ? { cut: JSON.parse(cut) as NonNullable<ExportTrailer['cut']> } : {}),
    vendorCalls: Number(trailers['x-export-vendor-calls'] ?? 0),
    sources: typeof sources === 'string' ? (JSON.parse(sources) as ExportTrailer['sources']) : [],
  };
}
