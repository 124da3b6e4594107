/**
 * Webhook figures (`npx tsx bench/webhooks.ts`), on in-memory vendors and a loopback receiver
 * that verifies every delivery with standardwebhooks:
 *  - vendor event in → the receiver has the delivery: p50 and p99 over sequential events,
 *    in process and on Redis (BullMQ), when REDIS_URL or 127.0.0.1:6379 answers;
 *  - polling cost with nothing changed: vendor calls per poll per source, and per agent per
 *    hour at the default poll interval (60 s). The goal: one request per source per interval.
 */
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS } from '../src/config/gateway-config.js';
import { deleteKeys, ping, REDIS_URL, uniquePrefix, until } from '../test/support/redis.js';
import type { Received } from '../test/support/webhook-receiver.js';
import { metricValue, VENDOR_EVENT_SECRET, WebhookWorld } from '../test/support/webhook-world.js';

const EVENTS = Number(process.env.EVENTS ?? 200);
const QUIET_POLLS = Number(process.env.POLLS ?? 50);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function signed(body: string): Record<string, string> {
  const t = Math.floor(Date.now() / 1000);
  return { 'content-type': 'application/json', 'elevenlabs-signature': `t=${t},v0=${createHmac('sha256', VENDOR_EVENT_SECRET).update(`${t}.${body}`).digest('hex')}` };
}

async function eventToReceiver(redis: { url: string; keyPrefix: string } | undefined): Promise<number[]> {
  const world = await WebhookWorld.start();
  try {
    const app = await world.app({ ...(redis ? { redis } : {}), webhooks: { pollIntervalMs: 3_600_000 } });
    await until(async () => (await metricValue(app, 'gateway_webhook_polls_total')) >= 2, 30_000, 'the first polls');
    const vendorAgentId = app.gateway.directory.agents.get('acme-bot')!.sources[0]!.vendorAgentId;
    const latencies: number[] = [];
    for (let event = 0; event < EVENTS; event += 1) {
      world.clock += 1_000;
      const rowId = world.add(world.vendors.acme);
      const arrived = new Promise<void>((resolve) => {
        world.receivers.acme.onReceived = (received: Received) => {
          if ((received.event as { data: { row: { id: string } } } | undefined)?.data.row.id === rowId) resolve();
        };
      });
      const body = JSON.stringify({ type: 'post_call_transcription', data: { agent_id: vendorAgentId, conversation_id: rowId } });
      const started = performance.now();
      const answer = await app.inject({ method: 'POST', url: '/v1/vendor-events/acme-vendor', headers: signed(body), payload: body });
      if (answer.statusCode !== 202) throw new Error(`vendor event answered ${answer.statusCode}`);
      await arrived;
      latencies.push(performance.now() - started);
    }
    if (!world.receivers.acme.received.every((each) => each.verified)) throw new Error('a delivery did not verify');
    return latencies;
  } finally {
    await world.close();
    if (redis) await deleteKeys(redis.keyPrefix, redis.url);
  }
}

async function quietPolling(): Promise<{ polls: number; calls: number; sources: number }> {
  const world = await WebhookWorld.start();
  try {
    const app = await world.app({ webhooks: { pollIntervalMs: 50 } });
    await until(async () => (await metricValue(app, 'gateway_webhook_polls_total')) >= 2, 30_000, 'the first polls');
    const startPolls = await metricValue(app, 'gateway_webhook_polls_total', { outcome: 'complete' });
    const startCalls = world.vendors.acme.requests + world.vendors.globex.requests;
    await until(async () => (await metricValue(app, 'gateway_webhook_polls_total', { outcome: 'complete' })) >= startPolls + QUIET_POLLS, 120_000, 'quiet polls');
    const polls = (await metricValue(app, 'gateway_webhook_polls_total', { outcome: 'complete' })) - startPolls;
    const calls = world.vendors.acme.requests + world.vendors.globex.requests - startCalls;
    if (world.receivers.acme.received.length + world.receivers.globex.received.length > 0) throw new Error('a quiet world sent a webhook');
    return { polls, calls, sources: 1 };
  } finally {
    await world.close();
  }
}

const line = (label: string, latencies: number[]) =>
  `${label.padEnd(28)} p50 ${percentile(latencies, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(latencies, 99).toFixed(1).padStart(7)} ms   (${latencies.length} events)`;

console.log(`vendor event in → receiver has it (sequential, ${EVENTS} events, signed, read through the pipeline, delivered signed):`);
console.log(line('  in process', await eventToReceiver(undefined)));
if (await ping(REDIS_URL)) console.log(line('  BullMQ on Redis', await eventToReceiver({ url: REDIS_URL, keyPrefix: uniquePrefix('bench-webhooks') })));
else console.log('  BullMQ on Redis              skipped: no Redis at REDIS_URL');

const quiet = await quietPolling();
const perPoll = quiet.calls / quiet.polls;
console.log(`\npolling cost with nothing changed (${quiet.polls} polls of agents with one source each):`);
console.log(`  vendor calls per poll per source   ${(perPoll / quiet.sources).toFixed(2)}   (goal: at most 1)`);
console.log(`  vendor calls per agent per hour    ${((perPoll * 3_600) / DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS).toFixed(0)}   at pollIntervalSeconds ${DEFAULT_WEBHOOK_POLL_INTERVAL_SECONDS}`);
process.exit(0);
