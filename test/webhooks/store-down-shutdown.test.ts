import { describe, expect, it } from 'vitest';
import { startSandboxApp } from '../support/sandbox-app.js';

describe('webhooks with the store down', () => {
  // Before: BullMQ's close waited for a Redis that never answered, and the gateway never shut down.
  it('let the gateway shut down: closing does not wait for a Redis that does not answer', { timeout: 20_000 }, async () => {
    const sandbox = await startSandboxApp({
      adjust: (config) => {
        config.store = { redis: { url: 'redis://127.0.0.1:1', keyPrefix: 'webhooks-store-down:' } };
        config.webhooks = {
          pollIntervalSeconds: 3_600,
          maxVendorCallsPerPoll: 10,
          subscriptions: { down: { url: 'http://127.0.0.1:1/hook', secrets: [`whsec_${Buffer.alloc(32, 9).toString('base64')}`], org: 'acme', agents: ['sales-bot'], events: ['conversation.created'] } },
        };
      },
    });
    expect((await sandbox.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await expect(sandbox.close()).resolves.toBeUndefined();
  });
});
