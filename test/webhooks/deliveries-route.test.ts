import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../support/redis.js';
import { WebhookWorld } from '../support/webhook-world.js';

interface Listing {
  data: { deliveries: Array<{ id: string; status: string; rowId: string; attempts: number; lastError: string | null }> };
}

describe('GET /v1/webhooks/{id}/deliveries and POST …/retry', () => {
  let world: WebhookWorld;
  beforeEach(async () => {
    world = await WebhookWorld.start();
  });
  afterEach(async () => {
    await world.close();
  });

  it("lists the subscription's deliveries by status for its org's ADMIN and SUPERADMIN, and retries a dead letter", async () => {
    world.receivers.acme.answer = () => ({ status: 500, body: 'receiver broken' });
    const app = await world.app();
    const rowId = world.add(world.vendors.acme);
    const admin = { authorization: `Bearer ${world.token('acme', 'ADMIN')}` };
    const list = async (query: string, headers = admin) => app.inject({ url: `/v1/webhooks/crm/deliveries${query}`, headers });
    await until(async () => ((await list('?status=failed')).json() as Listing).data.deliveries.length === 1, 15_000, 'the dead letter');
    const [dead] = ((await list('?status=failed')).json() as Listing).data.deliveries;
    expect(dead).toMatchObject({ rowId, status: 'failed', attempts: 6, lastError: 'HTTP 500: receiver broken' });
    expect(((await list('?status=delivered')).json() as Listing).data.deliveries).toEqual([]);
    const superadmin = await list('', { authorization: `Bearer ${world.token('globex', 'SUPERADMIN')}` });
    expect((superadmin.json() as Listing).data.deliveries.map((each) => each.id)).toEqual([dead!.id]);

    world.receivers.acme.answer = () => ({ status: 200 });
    const retried = await app.inject({ method: 'POST', url: `/v1/webhooks/crm/deliveries/${dead!.id}/retry`, headers: admin });
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ success: true, data: { delivery: { id: dead!.id, status: 'pending' } } });
    await until(async () => ((await list('?status=delivered')).json() as Listing).data.deliveries.length === 1, 10_000, 'delivered on retry');
    expect(world.receivers.acme.delivered().map((each) => each.id)).toEqual([dead!.id]);
  });

  it("hides another org's subscription, forbids other roles, refuses bad input in the one envelope", async () => {
    const app = await world.app();
    const ask = (url: string, org: string, role: 'ADMIN' | 'AGENT' | 'DEPARTMENT_HEAD', method: 'GET' | 'POST' = 'GET') =>
      app.inject({ method, url, headers: { authorization: `Bearer ${world.token(org, role)}` } });
    expect((await ask('/v1/webhooks/rival/deliveries', 'acme', 'ADMIN')).json()).toMatchObject({ success: false, error: 'WEBHOOK_NOT_FOUND' });
    expect((await ask('/v1/webhooks/nothing/deliveries', 'acme', 'ADMIN')).statusCode).toBe(404);
    expect((await ask('/v1/webhooks/crm/deliveries', 'acme', 'AGENT')).json()).toMatchObject({ error: 'FORBIDDEN' });
    expect((await ask('/v1/webhooks/crm/deliveries', 'acme', 'DEPARTMENT_HEAD')).statusCode).toBe(403);
    expect((await ask('/v1/webhooks/crm/deliveries?status=lost', 'acme', 'ADMIN')).json()).toMatchObject({ error: 'BAD_REQUEST' });
    expect((await ask('/v1/webhooks/crm/deliveries?limit=0', 'acme', 'ADMIN')).statusCode).toBe(400);
    const unknown = await ask(`/v1/webhooks/crm/deliveries/msg_${'0'.repeat(32)}/retry`, 'acme', 'ADMIN', 'POST');
    expect(unknown.json()).toMatchObject({ error: 'DELIVERY_NOT_FOUND' });
    expect((await app.inject({ url: '/v1/webhooks/crm/deliveries' })).statusCode).toBe(401);
  });

  it('shows deliveries by outcome, the queue depth and the oldest pending age in /metrics', async () => {
    world.receivers.acme.answer = (request) => (request === 0 ? { status: 503 } : { status: 200 });
    const app = await world.app();
    world.add(world.vendors.acme);
    await until(() => world.receivers.acme.delivered().length === 1, 10_000, 'the delivery');
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('gateway_webhook_deliveries_total{subscription="crm",outcome="retried"} 1');
    expect(metrics).toContain('gateway_webhook_deliveries_total{subscription="crm",outcome="delivered"} 1');
    expect(metrics).toContain('gateway_webhook_queue_depth{subscription="crm"} 0');
    expect(metrics).toContain('gateway_webhook_oldest_pending_age_seconds{subscription="crm"} 0');
    expect(metrics).toMatch(/gateway_webhook_poll_vendor_calls_total\{agent="acme-bot"\} \d+/);
  });
});
