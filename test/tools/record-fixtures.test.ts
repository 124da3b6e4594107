import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { type AdapterModule, type VendorSimulator } from '../../src/contract/index.js';
import { CONTACT_NAMES } from '../../src/contract/testing.js';
import { sandboxAgents } from '../../src/sandbox/sandbox-agents.js';
import { sandboxConnectionName } from '../../src/sandbox/sandbox-world.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { readFixtures, writeFixture } from '../../src/tools/fixture-file.js';
import { recordFixture } from '../../src/tools/record-fixture.js';
import { replayFixture } from '../support/replay-fixture.js';
import { bareConnection } from '../support/vendor-harness.js';

const repository = join(import.meta.dirname, '..', '..');
const CREDENTIAL = 'sk-live-recorder-test-0123456789';
const vapi = adapterModules.find((module) => module.adapter.vendor === 'vapi')!;
let simulator: VendorSimulator;
let out: string;

/** Vapi, with the credential also in the query, as a careless adapter might send it. */
const leaky: AdapterModule = {
  ...vapi,
  adapter: {
    ...vapi.adapter,
    buildRequest: (context) => {
      const request = vapi.adapter.buildRequest(context);
      return { ...request, query: { ...request.query, api_key: context.credential, accessToken: context.credential } };
    },
  },
};
const binding = { connection: 'vapi-account', ...vapi.sandboxBinding('asst_recorded') };

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'record-'));
  simulator = vapi.createSimulator({ seed: 3, credential: CREDENTIAL, now: Date.UTC(2026, 0, 15, 12), agents: [{ binding, count: 30 }] });
  await simulator.start();
});

afterAll(async () => {
  await simulator.close();
  rmSync(out, { recursive: true, force: true });
});

async function record(module: AdapterModule, caseName: string) {
  return recordFixture({ connection: bareConnection(module.adapter, simulator.baseUrl, CREDENTIAL), binding, caseName, pages: 3, pageSize: 4 });
}

describe('recording a connection', () => {
  it('records every exchange of the walk through the vendor client, in the fixture format', async () => {
    const { fixture } = await record(vapi, 'three-pages');
    expect(fixture).toMatchObject({ vendor: 'vapi', case: 'three-pages', binding: { assistantId: 'asst_recorded' }, walk: { pageSize: 4 } });
    expect(fixture.exchanges).toHaveLength(3);
    expect(fixture.exchanges[1]!.request).toMatchObject({ method: 'GET', path: '/call', query: { assistantId: 'asst_recorded', limit: '4' } });
    expect(fixture.exchanges[1]!.request.query.createdAtLe).toBeDefined();
    expect(fixture.expectedRows.length).toBeGreaterThan(5);
  });

  it('keeps no credential: no headers, no credential-named query parameter, no credential value', async () => {
    const { fixture } = await record(leaky, 'leaky');
    const text = JSON.stringify(fixture);
    expect(text).not.toContain(CREDENTIAL);
    // The requests keep no credential-named parameter (Vapi's 400 names the ones it refused, values never).
    expect(JSON.stringify(fixture.exchanges.map((exchange) => exchange.request))).not.toMatch(/authorization|api_key|accessToken/i);
  });

  it('replaces names, emails and phones with stable fakes', async () => {
    const first = (await record(vapi, 'a')).fixture;
    const text = JSON.stringify(first);
    for (const name of CONTACT_NAMES) expect(text).not.toContain(name);
    expect(text).not.toMatch(/\+1416555\d{4}/);
    expect(text.match(/"email":"[^"]+"/g)?.every((email) => /contact-[0-9a-f]{8}@example\.com/.test(email))).toBe(true);
    const again = (await record(vapi, 'a')).fixture;
    expect(again.exchanges).toEqual(first.exchanges);
  });

  it('writes readable JSON that replays clean offline', async () => {
    const { fixture } = await record(vapi, 'replayable');
    const file = writeFixture(out, fixture);
    expect(readFileSync(file, 'utf8')).toContain('\n  "exchanges": [\n');
    const [written] = readFixtures(out, 'vapi');
    const outcome = await replayFixture(vapi, written!.fixture, VendorSpec.load(join(repository, 'specs'), 'vapi'));
    expect(outcome.problems).toEqual([]);
  });
});

describe('npm run record', () => {
  it('records a sandbox connection of a logical agent into fixtures/<vendor>/<case>.json', async () => {
    const args = ['--import', 'tsx', 'scripts/record-fixtures.ts', '--connection', 'tether', '--agent', 'support-bot', '--pages', '2', '--page-size', '3', '--case', 'cli', '--out', out];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: repository });
    expect(stdout).toMatch(/wrote .*fixtures\/tether\/cli\.json: 2 exchange\(s\), 6 row\(s\)/);
    const [recorded] = readFixtures(out, 'tether');
    const tether = adapterModules.find((module) => module.adapter.vendor === 'tether')!;
    expect((await replayFixture(tether, recorded!.fixture, VendorSpec.load(join(repository, 'specs'), 'tether'))).problems).toEqual([]);
  }, 60_000);

  it('names the agents and connections it knows when asked for others', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/record-fixtures.ts', '--connection', 'nope', '--agent', 'support-bot'], { cwd: repository });
    const support = sandboxAgents(adapterModules).find((agent) => agent.id === 'support-bot')!;
    const connections = support.sources.map((source) => sandboxConnectionName(source.vendor)).join(', ');
    await expect(run).rejects.toThrow(`agent support-bot has no source on connection nope; it has: ${connections}`);
  }, 60_000);
});
