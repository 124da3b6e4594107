import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;
let auth: { authorization: string };

beforeAll(async () => {
  sandbox = await startSandboxApp({
    adjust: (config) => {
      config.limits.maxResponseBytes = 16 * 1024 * 1024;
      // Every read goes to the vendor: a first, plain read warms the process without caching the page the fault replaces.
      config.connections.chatdash!.cacheTtlMs = 0;
    },
  });
  auth = { authorization: `Bearer ${sandbox.token()}` };
});
afterAll(() => sandbox.close());

interface PageBody {
  data: { rows: { id: string; source: string; raw?: unknown }[]; sources: { source: string; status: string; skipped: number }[]; partial: boolean };
}

/** ChatDash records, oldest first: the opposite of the gateway's order. */
function reversedChatDashRecords(count: number): unknown[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, index) => ({ _id: `r${index}`, createdAt: new Date(start + index * 1000).toISOString() }));
}

describe('a hostile vendor cannot stall or break the gateway', () => {
  it('200,000 rows in reverse order: the page answers, and /healthz keeps answering within 100 ms', async () => {
    // A first read loads what any first read loads (the vendor's spec, compiled validators): not what is measured.
    expect((await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations?limit=20&sources=chatdash', headers: auth })).statusCode).toBe(200);
    // Serialized before the measure starts: the simulator shares this process.
    const text = JSON.stringify(reversedChatDashRecords(200_000));
    // Before: one insertion splice per row blocked the loop for 39 s on 200,000 rows; then
    // JSON.parse of the 10 MB body and its spec check stalled it for about 1.9 s. Now the
    // parse, the mapping, the sort and the reading all run in slices of 500 records: /healthz
    // answered within 48-69 ms on an idle machine. Other processes on a shared machine stall
    // this one too (up to 155 ms seen in a full parallel run), so the bound is 100 ms over
    // what /healthz takes here with no read going on, probed as long, measured up to five
    // times; none may ever come near the old stalls.
    const runs: { slowest: number; idleSlowest: number }[] = [];
    const within = (run: { slowest: number; idleSlowest: number }) => run.slowest < 100 + run.idleSlowest;
    for (let run = 0; run < 5 && !runs.some(within); run += 1) {
      const measured = await readWhileProbing(text);
      const idle = await probeHealth(measured.asked);
      console.log(
        `while 200,000 reversed rows were read: /healthz asked ${measured.asked} times, slowest answer ${Math.round(measured.slowest)} ms ` +
          `(${Math.round(idle.slowest)} ms with no read); longest event-loop stall ${Math.round(measured.stallMs)} ms`,
      );
      expect(measured.slowest).toBeLessThan(2_000);
      runs.push({ slowest: measured.slowest, idleSlowest: idle.slowest });
    }
    expect(runs.some(within), JSON.stringify(runs)).toBe(true);
    // Up to five reads of 200,000 rows: on a loaded machine (CI runs three suites) that outlasts the default 30 s.
  }, 180_000);

  it('include=raw with a record nested 5,000 levels deep: that record is skipped and counted, the page is served', async () => {
    const simulator = sandbox.world.simulators.get('chatdash')!;
    // No serializer writes this: the vendor's text is sent as it is.
    const deep = `${'{"inner":'.repeat(5_000)}{}${'}'.repeat(5_000)}`;
    simulator.faults.inject(
      { kind: 'text', text: (body) => `[{"_id":"deep","createdAt":"2026-10-31T00:00:00Z","metadata":${deep}},${JSON.stringify(body).slice(1)}` },
      { times: 1 },
    );
    try {
      const response = await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations?limit=50&include=raw&until=2026-11-01T11:58:00.000Z', headers: auth });
      expect(response.statusCode).toBe(200);
      const body = response.json() as PageBody;
      expect(body.data.rows.some((row) => row.id === 'chatdash:deep')).toBe(false);
      expect(body.data.rows.some((row) => row.source !== 'chatdash')).toBe(true);
      expect(body.data.sources.find((source) => source.source === 'chatdash')).toMatchObject({ status: 'ok', skipped: 1 });
    } finally {
      simulator.faults.clear();
    }
  });
});

/**
 * Serves `text` as ChatDash's next answer and reads a page from it while /healthz is due
 * every 10 ms: how long after it was due each answer came (a stall delays the timer that
 * asks, and that counts too).
 */
async function readWhileProbing(text: string): Promise<{ slowest: number; asked: number; stallMs: number }> {
  const simulator = sandbox.world.simulators.get('chatdash')!;
  simulator.faults.inject({ kind: 'text', text: () => text }, { times: 1 });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let reading = true;
  const probing = probeHealth(Infinity, () => reading);
  try {
    const response = await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations?limit=20&sources=chatdash', headers: auth });
    expect(response.statusCode).toBe(200);
    const body = response.json() as PageBody;
    expect(body.data.rows.map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, index) => `chatdash:r${199_999 - index}`));
  } finally {
    reading = false;
    delay.disable();
    simulator.faults.clear();
  }
  const health = await probing;
  expect(health.asked).toBeGreaterThan(5);
  return { ...health, stallMs: delay.max / 1e6 };
}

/** Asks /healthz every 10 ms, `times` times or while `going()`: how late the slowest answer came. */
async function probeHealth(times: number, going = () => true): Promise<{ slowest: number; asked: number }> {
  const health: number[] = [];
  let due = performance.now();
  while (health.length < times && going()) {
    expect((await sandbox.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    health.push(performance.now() - due);
    due = performance.now() + 10;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { slowest: Math.max(...health), asked: health.length };
}
