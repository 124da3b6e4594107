import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface SandboxReceiver {
  url: string;
  secret: string;
  close(): Promise<void>;
}

/**
 * The sandbox's webhook receiver on loopback: verifies every delivery with the
 * `standardwebhooks` library, as a real receiver would, and prints one line for it.
 */
export async function startSandboxReceiver(print: (line: string) => void): Promise<SandboxReceiver> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const webhook = new Webhook(secret);
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    try {
      const event = webhook.verify(Buffer.concat(chunks).toString('utf8'), headers) as { type: string; data: { agentId: string; row: { id: string } } };
      print(`  webhook ${headers['webhook-id']} ${event.type} ${event.data.agentId} ${event.data.row.id} (signature verified)`);
      response.writeHead(204).end();
    } catch (error) {
      print(`  webhook refused: ${(error as Error).message}`);
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    secret,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
