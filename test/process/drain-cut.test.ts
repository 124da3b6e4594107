import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeOnSignals, SHUTDOWN_GRACE_MS } from '../../src/process/graceful-shutdown.js';

/** An app whose close never returns (a client that never reads holds its response open), with `open` connections left. */
function stuckApp(open: number) {
  const server = Object.assign(new EventEmitter(), {
    closeIdleConnections: vi.fn(),
    closeAllConnections: vi.fn(),
    getConnections: (callback: (error: Error | null, count: number) => void) => callback(null, open),
  });
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  return { server, log, gateway: { ready: true }, close: () => new Promise<void>(() => undefined) } as unknown as FastifyInstance & { server: typeof server };
}

afterEach(() => {
  vi.useRealTimers();
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
});

describe('the end of the drain', () => {
  it('cuts exports whose clients stopped reading and exits 0: the gateway ended them, with their trailer queued', async () => {
    vi.useFakeTimers();
    const app = stuckApp(2);
    const exit = vi.fn();
    closeOnSignals(app, { requestDeadlineMs: 1_000, exit, exportsOpen: () => 2 });
    process.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(1_000 + SHUTDOWN_GRACE_MS);
    expect(app.server.closeAllConnections).toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits 1 when a request other than an export outlived its deadline', async () => {
    vi.useFakeTimers();
    const app = stuckApp(3);
    const exit = vi.fn();
    closeOnSignals(app, { requestDeadlineMs: 1_000, exit, exportsOpen: () => 2 });
    process.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(1_000 + SHUTDOWN_GRACE_MS);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
