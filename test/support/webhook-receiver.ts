import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, verified with `standardwebhooks` as a real receiver would. */
export interface Received {
  id: string;
  verified: boolean;
  /** The parsed event when verified. */
  event: unknown;
  headers: Record<string, string>;
  answered: number | 'hung';
}

/** What the receiver answers a request: a status (and headers), or nothing ever (`hang`, until closed). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A webhook receiver on 127.0.0.1, port 0, that verifies every request with the
 * `standardwebhooks` library and the secret it was given, and answers as `answer` says.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly hung: ServerResponse[] = [];
  answer: (request: number) => Answer = () => ({ status: 204 });
  /** Told of every request as it is recorded (the benchmark times deliveries with it). */
  onReceived: (received: Received) => void = () => undefined;

  private constructor(
    private readonly server: Server,
    private readonly webhook: Webhook,
  ) {}

  static async start(secret: string): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => void receiver!.handle(request, response));
    receiver = new WebhookReceiver(server, new Webhook(secret));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Requests answered with a 2xx. */
  delivered(): Received[] {
    return this.received.filter((each) => typeof each.answered === 'number' && each.answered >= 200 && each.answered < 300);
  }

  async close(): Promise<void> {
    for (const response of this.hung) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    let event: unknown;
    let verified = false;
    try {
      event = this.webhook.verify(body, headers);
      verified = true;
    } catch {
      verified = false;
    }
    const answer = this.answer(this.received.length);
    const record: Received = { id: headers['webhook-id'] ?? '', verified, event, headers, answered: answer === 'hang' ? 'hung' : answer.status };
    this.received.push(record);
    this.onReceived(record);
    if (answer === 'hang') {
      this.hung.push(response);
      return;
    }
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body ?? '');
  }
}
