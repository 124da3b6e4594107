import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_FAULT_NAMES } from '../../src/sandbox/sandbox-faults.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

let sandbox: SandboxApp;
let configured: SandboxApp;

beforeAll(async () => {
  // Short vendor timeouts and no page cache: what a fault does shows on the next page, soon;
  // each fault shows as itself, not as an open breaker after the ones before.
  sandbox = await startSandboxApp({ faultSwitch: true, connections: { cacheTtlMs: 0, timeoutMs: 1_000, retries: 0, breakerThreshold: 100 } });
  configured = await startSandboxApp();
});
afterAll(async () => {
  await sandbox?.close();
  await configured?.close();
});

async function call(app: SandboxApp, method: 'GET' | 'POST' | 'DELETE', payload?: unknown) {
  const response = await app.app.inject({ method, url: '/sandbox/faults', headers: { authorization: `Bearer ${app.token()}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as { data: { faults: { connection: string; fault: string; until: string }[] }; error?: string; message?: string } };
}

async function chatdashReport() {
  const response = await sandbox.app.inject({
    url: '/v1/agents/support-bot/conversations?limit=5&sources=chatdash,tether',
    headers: { authorization: `Bearer ${sandbox.token()}` },
  });
  const body = response.json() as { data: { partial: boolean; sources: { source: string; status: string; error?: { code: string } }[] } };
  return { partial: body.data.partial, chatdash: body.data.sources.find((source) => source.source === 'chatdash')! };
}

describe('the sandbox fault switch', () => {
  it('makes one vendor fail, rate-limit, lie or hang; each shows on the next page as its own status', async () => {
    const expected: Record<string, { status: string; code: string }> = {
      fail: { status: 'error', code: 'VENDOR_HTTP_ERROR' },
      'rate-limit': { status: 'rate_limited', code: 'VENDOR_RATE_LIMITED' },
      lie: { status: 'error', code: 'VENDOR_BAD_RESPONSE' },
      hang: { status: 'timeout', code: 'VENDOR_TIMEOUT' },
    };
    expect(Object.keys(expected).sort()).toEqual([...SANDBOX_FAULT_NAMES].sort());
    for (const [fault, report] of Object.entries(expected)) {
      const switched = await call(sandbox, 'POST', { connection: 'chatdash', fault, seconds: 60 });
      expect(switched.status, fault).toBe(200);
      expect(switched.body.data.faults).toEqual([{ connection: 'chatdash', fault, until: expect.any(String) }]);
      const { partial, chatdash } = await chatdashReport();
      expect(partial, fault).toBe(true);
      expect({ status: chatdash.status, code: chatdash.error?.code }, fault).toEqual(report);
    }
    expect((await call(sandbox, 'DELETE')).body.data.faults).toEqual([]);
  });

  it('stops by itself after its seconds', async () => {
    await call(sandbox, 'DELETE');
    await call(sandbox, 'POST', { connection: 'tether', fault: 'fail', seconds: 1 });
    expect((await call(sandbox, 'GET')).body.data.faults.map((entry) => entry.connection)).toEqual(['tether']);
    // Waits for the condition, not a clock: the switch says it is off, then tether answers.
    await expect.poll(async () => (await call(sandbox, 'GET')).body.data.faults.length, { timeout: 15_000, interval: 100 }).toBe(0);
    expect(sandbox.world.simulators.get('tether')!.faults.pending).toBe(0);
  });

  it('refuses an unknown connection or fault, and needs a token', async () => {
    expect(await call(sandbox, 'POST', { connection: 'nowhere', fault: 'fail' })).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
    expect((await call(sandbox, 'POST', { connection: 'chatdash', fault: 'explode' })).status).toBe(400);
    expect((await call(sandbox, 'POST', { connection: 'chatdash', fault: 'fail', seconds: 0 })).status).toBe(400);
    expect((await sandbox.app.inject({ url: '/sandbox/faults' })).statusCode).toBe(401);
  });

  it('exists only in the sandbox, and never in the API document', async () => {
    expect((await call(configured, 'GET')).status).toBe(404);
    const paths = Object.keys((sandbox.app.swagger() as { paths: Record<string, unknown> }).paths);
    expect(paths.filter((path) => path.startsWith('/sandbox'))).toEqual([]);
  });
});
