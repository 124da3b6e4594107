import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_FLAGS, parseExportOptions } from '../../src/export-client/export-options.js';
import { exportQuerySchema } from '../../src/routes/export-query.js';
import { runExport } from '../../src/export-client/run-export.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';
import { walkAll } from '../support/walk.js';

let clock = TEST_NOW + 60 * 60_000;
let sandbox: SandboxApp;
let url: string;
let folder: string;

beforeAll(async () => {
  // No vendor-page cache: a fault injected into a simulator shows on the next export.
  sandbox = await startSandboxApp({
    now: () => clock,
    adjust: (config) => Object.values(config.connections).forEach((connection) => (connection.cacheTtlMs = 0)),
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(sandbox.app.server.address() as { port: number }).port}`;
  folder = await mkdtemp(join(tmpdir(), 'export-cli-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(folder, { recursive: true, force: true });
});

/** A stderr that is not a terminal (no progress line), or one that is and records what was drawn. */
function stderr(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; text: string };
  stream.isTTY = isTTY;
  stream.text = '';
  stream.on('data', (chunk: Buffer) => (stream.text += chunk.toString()));
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

/** Stdout that takes everything (an unread PassThrough would stall the export, as a stuck pipe does). */
function sink() {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function options(extra: string[]) {
  return parseExportOptions(['--agent', 'support-bot', ...extra], { GATEWAY_URL: url, GATEWAY_TOKEN: sandbox.token() });
}

describe('npm run export', () => {
  it('takes --url and --token from GATEWAY_URL and GATEWAY_TOKEN, and refuses a run without an agent', () => {
    expect(options([])).toMatchObject({ url, agent: 'support-bot', format: 'ndjson', query: {} });
    expect(() => parseExportOptions([], { GATEWAY_URL: url, GATEWAY_TOKEN: 't' })).toThrow(/--agent/);
    expect(() => parseExportOptions(['--agent', 'a'], {})).toThrow(/GATEWAY_URL/);
  });

  it('has a flag for every filter of the export endpoint, sent under the endpoint\'s own name', () => {
    const filters = Object.keys(exportQuerySchema.properties).filter((name) => !['format', 'cursor', 'syncToken'].includes(name));
    expect([...FILTER_FLAGS.values()].sort()).toEqual(filters.sort());
    for (const name of ['channel', 'state', 'q', 'minDurationSec', 'maxDurationSec', 'minRating', 'maxRating', 'successful', 'tags']) expect(filters).toContain(name);
    const argv = [...FILTER_FLAGS.keys()].flatMap((flag) => [`--${flag}`, `value-of-${flag}`]);
    expect(options(argv).query).toEqual(Object.fromEntries([...FILTER_FLAGS].map(([flag, name]) => [name, `value-of-${flag}`])));
  });

  it('filters by channel, state, q, duration and success as the page endpoint does', async () => {
    const out = join(folder, 'filtered.ndjson');
    const flags = ['--channel', 'voice,sms', '--state', 'resolved', '--q', 'a', '--min-duration-sec', '60', '--successful', 'true'];
    const outcome = await runExport(options(['--out', out, ...flags]), { stdout: sink(), stderr: stderr(false) });
    const expected = await walkAll(sandbox.app, sandbox.token(), 'support-bot', {
      limit: '100',
      channel: 'voice,sms',
      state: 'resolved',
      q: 'a',
      minDurationSec: '60',
      successful: 'true',
    });
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ complete: true, rows: expected.rows.length });
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(rows.map((row) => row.id)).toEqual(expected.rows.map((row) => row.id));
  }, 30_000);

  it('--help prints the usage with every filter and exits 0', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'export', '--', '--help'], { cwd: root });
    expect(stdout).toMatch(/^usage: npm run export -- --agent ID/);
    for (const flag of FILTER_FLAGS.keys()) expect(stdout).toContain(`--${flag} `);
  }, 30_000);

  it('writes every row, then with --sync-state only what changed since the last complete run', async () => {
    const out = join(folder, 'rows.ndjson');
    const state = join(folder, 'state.json');
    const terminal = stderr(true);
    clock = TEST_NOW + 5 * 60_000;
    const first = await runExport(options(['--out', out, '--sync-state', state]), { stdout: sink(), stderr: terminal });
    const expected = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100' });
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(first).toMatchObject({ complete: true, delta: false, rows: expected.rows.length });
    expect(rows.map((row) => row.id)).toEqual(expected.rows.map((row) => row.id));
    expect(terminal.text).toMatch(/rows\/s/);
    const saved = JSON.parse(await readFile(state, 'utf8')) as { syncToken: string; rows: number };
    expect(saved.rows).toBe(expected.rows.length);

    clock += 60 * 60_000;
    const second = await runExport(options(['--out', out, '--sync-state', state]), { stdout: sink(), stderr: stderr(false) });
    expect(second.complete).toBe(true);
    expect(second.delta).toBe(true);
    expect(second.rows).toBeLessThan(first.rows);
    expect(JSON.parse(await readFile(state, 'utf8')).syncToken).not.toBe(saved.syncToken);
    const third = await runExport(options(['--out', out, '--sync-state', state]), { stdout: sink(), stderr: stderr(false) });
    expect(third).toMatchObject({ complete: true, delta: true, rows: 0 });
  }, 60_000);

  it('CSV to a file: header, rows, completeness from the HTTP trailers', async () => {
    const out = join(folder, 'rows.csv');
    const outcome = await runExport(options(['--format', 'csv', '--out', out, '--sources', 'tether,chatdash']), { stdout: sink(), stderr: stderr(false) });
    const records = parse(await readFile(out, 'utf8'), { columns: true }) as { source: string }[];
    expect(outcome.complete).toBe(true);
    expect(outcome.rows).toBe(records.length);
    expect(new Set(records.map((record) => record.source))).toEqual(new Set(['tether', 'chatdash']));
    expect(outcome.sources?.map((source) => source.source).sort()).toEqual(['chatdash', 'tether']);
  }, 30_000);

  it('a failing source cuts the run: not complete, the sync state keeps its old token', async () => {
    const state = join(folder, 'cut-state.json');
    await runExport(options(['--sync-state', state]), { stdout: sink(), stderr: stderr(false) });
    const before = await readFile(state, 'utf8');
    sandbox.world.simulators.get('tether')!.faults.inject({ kind: 'status', status: 401 }, { times: Number.POSITIVE_INFINITY });
    try {
      clock += 60_000;
      const outcome = await runExport(options(['--sync-state', state]), { stdout: sink(), stderr: stderr(false) });
      expect(outcome.complete).toBe(false);
      expect(outcome.cursor).toEqual(expect.any(String));
      expect(outcome.sources?.find((source) => source.source === 'tether')).toMatchObject({ status: 'error', error: { code: 'VENDOR_UNAUTHORIZED' } });
      expect(await readFile(state, 'utf8')).toBe(before);
    } finally {
      sandbox.world.simulators.get('tether')!.faults.clear();
    }
  }, 30_000);
});

describe('npm run export --include transcript', () => {
  it("writes each conversation's messages beside its row, as the detail endpoint answers them", async () => {
    const out = join(folder, 'transcripts.ndjson');
    const outcome = await runExport(options(['--include', 'transcript', '--sources', 'retell,chatdash', '--out', out]), { stdout: sink(), stderr: stderr(false) });
    expect(outcome.complete).toBe(true);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; source: string; messages: unknown[]; transcript: { status: string } });
    expect(lines.length).toBe(outcome.rows);
    for (const line of lines) expect(line.transcript.status, line.id).toBe(line.source === 'chatdash' ? 'unsupported' : 'ok');
    for (const line of lines.filter((candidate) => candidate.source === 'retell').slice(0, 5)) {
      const detail = await sandbox.app.inject({ url: `/v1/agents/support-bot/conversations/${line.id}`, headers: { authorization: `Bearer ${sandbox.token()}` } });
      expect(line.messages).toEqual(detail.json().data.messages);
    }
  }, 30_000);

  it('CSV: a transcriptStatus and a transcript column, one "role: text" line per message', async () => {
    const out = join(folder, 'transcripts.csv');
    const outcome = await runExport(options(['--include', 'transcript', '--format', 'csv', '--sources', 'vapi', '--out', out]), { stdout: sink(), stderr: stderr(false) });
    expect(outcome.complete).toBe(true);
    const records = parse(await readFile(out, 'utf8'), { columns: true }) as { id: string; transcriptStatus: string; transcript: string }[];
    expect(records.length).toBe(outcome.rows);
    const said = records.filter((record) => record.transcriptStatus === 'ok');
    expect(said.length).toBeGreaterThan(0);
    for (const record of said) {
      for (const line of record.transcript.split('\n')) expect(line).toMatch(/^(agent|user|human|system|tool): /);
    }
  }, 30_000);
});
