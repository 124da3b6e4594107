import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSandboxApp } from '../support/sandbox-app.js';

describe('closing the gateway', () => {
  it('is not held by a connection that never carried a request (Node 22: app.close() never returned after a client cut an export short)', async () => {
    const sandbox = await startSandboxApp();
    await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = sandbox.app.server.address() as { port: number };
    // What undici leaves behind on Node 22 after a streamed answer it stopped reading: a fresh connection, no request on it.
    const spare: Socket = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
    });
    const closedByServer = new Promise((resolve) => spare.once('close', resolve));
    await sandbox.close();
    await closedByServer;
    expect(spare.destroyed).toBe(true);
  });
});
