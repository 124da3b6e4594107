import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request as undiciRequest } from 'undici';
import { describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import type { AdapterDefinition, AdapterModule, DetailRead, VendorSimulator } from '../../src/contract/index.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { recordFixture } from '../../src/tools/record-fixture.js';
import { checkAuthAgainstSpec } from '../support/conformance/auth-check.js';
import { fixtureUnitProblems } from '../support/conformance/fixtures-check.js';
import { replayFixture } from '../support/replay-fixture.js';
import { checkTimesBeforeNow } from '../support/conformance/rows-check.js';
import { checkTimeWindows } from '../support/conformance/time-window-check.js';
import { checkDetailOnSimulator } from '../support/conformance/detail-check.js';
import { checkOrder } from '../support/conformance/order-check.js';
import { startSimulatedVendor, type SimulatedVendor } from '../support/conformance/simulated-vendor.js';
import { checkSimulatorAgainstSpec } from '../support/conformance/spec-check.js';
import { checkStopRules } from '../support/conformance/stop-rules-check.js';
import { checkTolerance } from '../support/conformance/tolerance-check.js';
import { checkVendorErrors } from '../support/conformance/vendor-errors-check.js';

/** The conformance checks themselves: each one catches the breakage it is there for. */

const root = join(import.meta.dirname, '..', '..');
const moduleOf = (vendor: string) => adapterModules.find((module) => module.adapter.vendor === vendor)!;

function broken(vendor: string, change: Partial<AdapterDefinition>): AdapterModule {
  const module = moduleOf(vendor);
  return { ...module, adapter: { ...module.adapter, ...change } };
}

async function problemsOf(module: AdapterModule, check: (vendor: SimulatedVendor) => string[] | Promise<string[]>): Promise<string[]> {
  const vendor = await startSimulatedVendor(module);
  try {
    return await check(vendor);
  } finally {
    await vendor.close();
  }
}

describe('conformance checks catch', () => {
  it('a call-start order declared native', async () => {
    const problems = await problemsOf(broken('elevenlabs', { order: { kind: 'native' } }), checkOrder);
    expect(problems.some((problem) => /last activity .* s after its native key .* \(allowed: 0 s\)/.test(problem))).toBe(true);
  });

  it('a native key that does not follow the vendor order', async () => {
    const tether = moduleOf('tether').adapter;
    const problems = await problemsOf(broken('tether', { nativeKey: (record) => -(tether.nativeKey(record) ?? 0) }), checkOrder);
    expect(problems.some((problem) => problem.includes('is later than the one before it'))).toBe(true);
  });

  it('a mapper that crashes on a missing field', async () => {
    const convocore = moduleOf('convocore').adapter;
    const mapRow = (record: any, context: any) => ({ ...convocore.mapRow(record, context), summary: record.ts.toFixed(0) });
    const problems = await problemsOf(broken('convocore', { mapRow }), checkTolerance);
    expect(problems.some((problem) => /^record 0 without ts: the mapper threw TypeError/.test(problem))).toBe(true);
  });

  it('a parser that never ends a page', async () => {
    const tether = moduleOf('tether').adapter;
    const parsePage = (body: unknown) => {
      const page = tether.parsePage(body);
      return page.records.length > 0 ? page : { records: [{ conversationId: 'ghost', contactName: '', channelType: 'sms', conversationState: 'human', hasAccess: true }] };
    };
    const problems = await problemsOf(broken('tether', { parsePage }), checkStopRules);
    expect(problems).toContain('an emptied body still parses into records');
  });

  it('a describeError that throws on an unexpected body', async () => {
    const describeError = (_status: number, body: unknown) => ({ message: (body as { message: string }).message.trim() });
    const problems = await problemsOf(broken('vapi', { describeError }), checkVendorErrors);
    expect(problems.some((problem) => problem.startsWith('describeError(502, null) threw'))).toBe(true);
  });

  it('a simulator that does not answer as the spec says', async () => {
    const retell = moduleOf('retell');
    const simulatorWithDrift: AdapterModule = {
      ...retell,
      createSimulator: (options) => {
        const simulator = retell.createSimulator(options);
        simulator.faults.inject({ kind: 'transform', transform: (body: any) => ({ ...body, items: body.items.map((item: any) => ({ ...item, start_timestamp: String(item.start_timestamp) })) }) }, { times: 1 });
        return simulator;
      },
    };
    const problems = await problemsOf(simulatorWithDrift, (vendor) => checkSimulatorAgainstSpec(vendor, root));
    expect(problems.some((problem) => /^page 0 response items\[0\]\.start_timestamp: must be integer, got string$/.test(problem))).toBe(true);
  });

  it("a detail read that takes another agent's conversation for the binding's", async () => {
    const read = moduleOf('elevenlabs').adapter.detail as DetailRead;
    const careless: DetailRead = { ...read, map: (parsed, context) => ({ ...read.map(parsed, context), recordAgentId: String(context.binding.agentId) }) };
    const problems = await checkDetailOnSimulator(broken('elevenlabs', { detail: careless }), careless, root);
    expect(problems.some((problem) => /^another agent's conversation conv_\w+ would be answered for the binding$/.test(problem))).toBe(true);
  });

  it('a detail read whose row contradicts the list, and messages out of the conversation', async () => {
    const read = moduleOf('elevenlabs').adapter.detail as DetailRead;
    const shifted: DetailRead = {
      ...read,
      map: (parsed, context) => {
        const detail = read.map(parsed, context);
        return { ...detail, row: { ...detail.row, durationSec: (detail.row.durationSec ?? 0) + 1 }, messages: detail.messages.map((message) => ({ ...message, offsetSec: (message.offsetSec ?? 0) + 7200 })) };
      },
    };
    const problems = await checkDetailOnSimulator(broken('elevenlabs', { detail: shifted }), shifted, root);
    expect(problems.some((problem) => /^conversation conv_\w+: row field durationSec: the list says \d+, the detail \d+$/.test(problem))).toBe(true);
    expect(problems.some((problem) => /^conversation conv_\w+: message 0: offset \d+ s is past the duration/.test(problem))).toBe(true);
  });

  it('a time filter pushed down that drops rows', async () => {
    const elevenlabs = moduleOf('elevenlabs').adapter;
    // `since` sent as the call-start bound, not moved back by the lag: a call that started
    // before it and was still going at it is cut off by the vendor.
    const buildRequest: AdapterDefinition['buildRequest'] = (context) => {
      const request = elevenlabs.buildRequest(context);
      const since = context.bounds.since;
      return since === undefined ? request : { ...request, query: { ...request.query, call_start_after_unix: Math.floor(since / 1000) } };
    };
    const problems = await problemsOf(broken('elevenlabs', { buildRequest }), checkTimeWindows);
    expect(problems.some((problem) => /^since=[^:]+:\d\d:\d\d\.\d{3}Z.*: the walk dropped \d+ of \d+ row\(s\) in the window/.test(problem))).toBe(true);
  });

  it("simulated conversations that end after the simulator's now", async () => {
    const retell = moduleOf('retell');
    const endingTomorrow: AdapterModule = {
      ...retell,
      createSimulator: (options) => {
        const simulator = retell.createSimulator(options);
        const tomorrow = (item: any) => ({ ...item, end_timestamp: options.now + 86_400_000 });
        simulator.faults.inject({ kind: 'transform', transform: (body: any) => ({ ...body, items: body.items.map(tomorrow) }) }, { times: 1_000 });
        return simulator;
      },
    };
    const problems = await problemsOf(endingTomorrow, checkTimesBeforeNow);
    expect(problems.some((problem) => /^record 0 \(\w+\): endedAt 2026-03-02T12:00:00\.000Z is after the simulator's now 2026-03-01T12:00:00\.000Z$/.test(problem))).toBe(true);
  });

  it('the same wrong auth header in the adapter and its simulator', async () => {
    const vapi = moduleOf('vapi');
    // The adapter sends the key in `x-api-key`; its simulator, written by the same hand, reads it from there.
    const buildRequest: AdapterDefinition['buildRequest'] = (context) => {
      const request = vapi.adapter.buildRequest(context);
      return { ...request, headers: { accept: 'application/json', 'x-api-key': context.credential } };
    };
    const pair: AdapterModule = { ...broken('vapi', { buildRequest }), createSimulator: (options) => readingKeyFrom('x-api-key', vapi.createSimulator(options)) };
    const problems = await problemsOf(pair, (vendor) => [...(vendor.walkProblem ? [vendor.walkProblem] : []), ...checkAuthAgainstSpec(vendor, root)]);
    expect(problems.some((problem) => /^page 0 request: security scheme bearer: the credential is not sent as Authorization: Bearer <credential> \(no Authorization header\)$/.test(problem))).toBe(true);
    expect(problems.filter((problem) => problem.startsWith('reading every page'))).toEqual([]);
  });

  it('a unit mistake baked into a recording by the adapter that made it', async () => {
    const chatdash = moduleOf('chatdash');
    // ChatDash documents `duration` in minutes; this mapper reads it as seconds.
    const mapRow: AdapterDefinition['mapRow'] = (record: any, context) => ({ ...chatdash.adapter.mapRow(record, context), durationSec: typeof record.duration === 'number' ? record.duration : null });
    const careless = broken('chatdash', { mapRow });
    const spec = VendorSpec.load(join(root, 'specs'), 'chatdash');
    const problems = await problemsOf(careless, async (vendor) => {
      const { fixture } = await recordFixture({ connection: vendor.connection, binding: vendor.binding, caseName: 'careless', pages: 3, pageSize: 10 });
      // The recorder mapped the expected rows with the careless adapter: replaying agrees with itself.
      const replay = (await replayFixture(careless, fixture, spec)).problems.map((problem) => `replay: ${problem}`);
      return [...replay, ...fixtureUnitProblems(fixture, spec).problems];
    });
    expect(problems.filter((problem) => problem.startsWith('replay: '))).toEqual([]);
    expect(problems.some((problem) => /^fixture careless: \w+: durationSec is [\d.]+, but duration [\d.]+ in minutes \(as the spec documents\) is [\d.]+ s$/.test(problem))).toBe(true);
  });
});

/** The simulator, fronted so it takes the credential from `header` instead of `Authorization: Bearer`. */
function readingKeyFrom(header: string, simulator: VendorSimulator): VendorSimulator {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const headers: IncomingHttpHeaders = { ...incoming.headers, authorization: `Bearer ${String(incoming.headers[header] ?? '')}` };
      delete headers.host;
      delete headers[header];
      undiciRequest(`${simulator.baseUrl}${incoming.url ?? '/'}`, { method: incoming.method as 'GET', headers: headers as Record<string, string>, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => {
          outgoing.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
          outgoing.end(Buffer.from(await answer.body.arrayBuffer()));
        })
        .catch(() => outgoing.writeHead(502).end());
    });
  });
  let baseUrl = '';
  return {
    vendor: simulator.vendor,
    get baseUrl() {
      return baseUrl;
    },
    faults: simulator.faults,
    requests: simulator.requests,
    insertNewest: (binding) => simulator.insertNewest(binding),
    visibleRecords: (binding) => simulator.visibleRecords(binding),
    start: async () => {
      await simulator.start();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return baseUrl;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
}
