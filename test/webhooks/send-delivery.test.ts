import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF_SCHEDULE, deliveryBackoff } from '../../src/webhooks/delivery-backoff.js';
import { deliveryDispatcher, sendDelivery } from '../../src/webhooks/send-delivery.js';

describe('one delivery attempt', () => {
  const servers: Server[] = [];
  const dispatcher = deliveryDispatcher({ timeoutMs: 300, maxResponseBytes: 1_024 });
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const send = (url: string) => sendDelivery(dispatcher, url, { 'webhook-id': 'msg_1' }, '{}', { timeoutMs: 300, maxResponseBytes: 1_024 });

  it('follows no redirect: a 3xx is a failed attempt and its target is never asked', async () => {
    let targetAsked = false;
    const target = await serve((_request, response) => {
      targetAsked = true;
      response.end();
    });
    const url = await serve((_request, response) => {
      response.writeHead(307, { location: `${target}/elsewhere` });
      response.end();
    });
    expect(await send(url)).toEqual({ ok: false, error: 'HTTP 307' });
    expect(targetAsked).toBe(false);
  });

  it('reads at most a small part of a large answer', async () => {
    let written = 0;
    const url = await serve((_request, response) => {
      response.writeHead(500);
      const chunk = Buffer.alloc(64 * 1024, 'z');
      const write = () => {
        while (written < 50 * 1024 * 1024 && response.write(chunk)) written += chunk.length;
        if (written < 50 * 1024 * 1024) response.once('drain', write);
        else response.end();
      };
      write();
    });
    const outcome = await send(url);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.length).toBeLessThanOrEqual(120);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const url = await serve(() => undefined);
    expect(await send(url)).toEqual({ ok: false, error: 'timed out after 300 ms' });
  });

  it('says a receiver that cannot be reached is unreachable', async () => {
    const url = await serve(() => undefined);
    servers[0]!.close();
    servers.splice(0);
    expect(await send(url)).toMatchObject({ ok: false, error: expect.stringMatching(/^unreachable/) });
  });

  it("reads Retry-After in seconds or as a date", async () => {
    const url = await serve((request, response) => {
      response.writeHead(429, { 'retry-after': request.url === '/date' ? new Date(Date.now() + 60_000).toUTCString() : '30' });
      response.end();
    });
    expect(await send(url)).toEqual({ ok: false, error: 'HTTP 429', retryAfterMs: 30_000 });
    const dated = await send(`${url}/date`);
    expect(!dated.ok && dated.retryAfterMs).toBeGreaterThan(55_000);
  });
});

describe('the delivery backoff', () => {
  it('spreads the default attempts over about a day, jitter or not', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999]) {
      const backoff = deliveryBackoff(DEFAULT_BACKOFF_SCHEDULE, random);
      let total = 0;
      for (let attempt = 1; attempt < backoff.attempts; attempt += 1) total += backoff.delayMs(attempt);
      expect(total / 3_600_000).toBeGreaterThan(20);
      expect(total / 3_600_000).toBeLessThan(34);
    }
  });

  it('grows each wait, never past the longest, and believes Retry-After up to it', () => {
    const backoff = deliveryBackoff(DEFAULT_BACKOFF_SCHEDULE, () => 0.5);
    const waits = Array.from({ length: 11 }, (_, index) => backoff.delayMs(index + 1));
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(Math.max(...waits)).toBe(DEFAULT_BACKOFF_SCHEDULE.maxDelayMs);
    expect(backoff.delayMs(1, 120_000)).toBe(120_000);
    expect(backoff.delayMs(1, 10 * 86_400_000)).toBe(DEFAULT_BACKOFF_SCHEDULE.maxDelayMs);
  });
});
