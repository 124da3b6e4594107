import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import { buildApp, type AppOptions } from '../../src/app.js';
import { signToken } from '../../src/auth/sign-token.js';
import type { Role } from '../../src/auth/caller.js';
import { DEFAULT_CONNECTION, DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type GatewayConfig, type RedisStoreConfig, type WebhooksConfig } from '../../src/config/gateway-config.js';
import type { AdapterModule } from '../../src/contract/index.js';
import { deliveryBackoff } from '../../src/webhooks/delivery-backoff.js';
import { elevenlabsEvents } from '../../adapters/elevenlabs/elevenlabs-events.js';
import { BASE, MINUTE } from './memory-pool.js';
import { MemoryVendor } from './memory-vendors.js';
import { WebhookReceiver } from './webhook-receiver.js';

const JWT_SECRET = 'webhook-world-jwt-secret-0123456789';
const CURSOR_SECRET = 'webhook-world-cursor-secret-0123456789';

/** The secret the acme vendor signs its events with, in ElevenLabs' scheme. */
export const VENDOR_EVENT_SECRET = 'acme-vendor-event-secret-0123456789';

export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * Two organizations, each with one agent on one in-memory vendor (`acme-bot` on `acme-vendor`,
 * `globex-bot` on `globex-vendor`), each subscribed by a receiver of its own on loopback that
 * verifies every delivery with `standardwebhooks`. The gateway's clock is `clock`, which a
 * test moves; polls run every `pollIntervalMs` of real time.
 */
export class WebhookWorld {
  clock = BASE + 60 * MINUTE;
  readonly vendors = {
    acme: new MemoryVendor('acme-vendor', 'page', 5, 0, seedRecords('a')),
    globex: new MemoryVendor('globex-vendor', 'page', 5, 0, seedRecords('g')),
  };
  readonly apps: FastifyInstance[] = [];
  private readonly dispatcher = new MockAgent();
  private fresh = 0;

  private constructor(
    readonly receivers: { acme: WebhookReceiver; globex: WebhookReceiver },
    readonly secrets: { acme: string; globex: string },
  ) {
    this.dispatcher.disableNetConnect();
    for (const vendor of Object.values(this.vendors)) {
      this.dispatcher
        .get(originOf(vendor))
        .intercept({ path: () => true, method: 'GET' })
        .reply((request) => {
          const query = Object.fromEntries(new URL(request.path, originOf(vendor)).searchParams);
          return { statusCode: 200, data: JSON.stringify(vendor.serve({ method: 'GET', path: request.path, headers: {}, query })) };
        })
        .persist();
    }
  }

  static async start(): Promise<WebhookWorld> {
    const secrets = { acme: newSecret(), globex: newSecret() };
    const receivers = { acme: await WebhookReceiver.start(secrets.acme), globex: await WebhookReceiver.start(secrets.globex) };
    return new WebhookWorld(receivers, secrets);
  }

  config(redis?: RedisStoreConfig): GatewayConfig {
    const webhooks: WebhooksConfig = {
      pollIntervalSeconds: 60,
      maxVendorCallsPerPoll: 50,
      subscriptions: {
        crm: { url: this.receivers.acme.url, secrets: [this.secrets.acme], org: 'acme', agents: 'all', events: ['conversation.created', 'conversation.updated'] },
        rival: { url: this.receivers.globex.url, secrets: [this.secrets.globex], org: 'globex', agents: ['globex-bot'], events: ['conversation.created', 'conversation.updated'] },
      },
    };
    return {
      server: { host: '127.0.0.1', port: 0 },
      auth: { mode: 'jwt', secret: JWT_SECRET },
      cursor: { secrets: [CURSOR_SECRET], ttlSeconds: 3_600 },
      limits: { ...DEFAULT_LIMITS, requestDeadlineMs: 30_000 },
      rateLimit: { ...DEFAULT_RATE_LIMIT, enabled: false },
      connections: Object.fromEntries(
        Object.values(this.vendors).map((vendor) => [
          vendor.name,
          {
            ...DEFAULT_CONNECTION,
            adapter: vendor.name,
            baseUrl: originOf(vendor),
            apiKey: 'memory',
            retries: 0,
            cacheTtlMs: 0,
            breakerThreshold: 1_000_000,
            timeoutMs: 30_000,
            ...(vendor === this.vendors.acme ? { webhookSecret: VENDOR_EVENT_SECRET } : {}),
          },
        ]),
      ),
      agents: {
        'acme-bot': { name: 'Acme bot', org: 'acme', sources: [{ connection: 'acme-vendor' }] },
        'globex-bot': { name: 'Globex bot', org: 'globex', sources: [{ connection: 'globex-vendor' }] },
      },
      webhooks,
      ...(redis ? { store: { redis } } : {}),
    };
  }

  /** A gateway of this world; `options.webhooks` defaults to fast retries and a poll every 100 ms. */
  async app(options: { redis?: RedisStoreConfig; webhooks?: AppOptions['webhooks']; config?: (config: GatewayConfig) => GatewayConfig } = {}): Promise<FastifyInstance> {
    const modules: AdapterModule[] = Object.values(this.vendors).map((vendor) => ({
      // The acme vendor signs events as ElevenLabs does; the globex vendor sends none.
      adapter: vendor === this.vendors.acme ? { ...vendor.adapter, vendorEvents: elevenlabsEvents } : vendor.adapter,
      createSimulator: () => {
        throw new Error('memory vendors have no simulator');
      },
      sandboxBinding: () => ({}),
    }));
    const config = (options.config ?? ((each) => each))(this.config(options.redis));
    const app = await buildApp({
      config,
      adapters: modules,
      dispatcher: this.dispatcher,
      now: () => this.clock,
      webhooks: { pollIntervalMs: 100, backoff: deliveryBackoff({ attempts: 6, firstDelayMs: 20, factor: 2, maxDelayMs: 500, jitter: 0 }), ...options.webhooks },
    });
    this.apps.push(app);
    return app;
  }

  token(org: string, role: Role): string {
    return signToken(JWT_SECRET, { sub: `${org}-${role.toLowerCase()}`, org, role });
  }

  /** A conversation new at the vendor, last active now. */
  add(vendor: MemoryVendor): string {
    this.fresh += 1;
    const id = `new${this.fresh}`;
    vendor.records.push({ id, n: this.clock, t: this.clock, tie: 1_000 + this.fresh });
    return `${vendor.name}:${id}`;
  }

  /** A conversation's last activity moved to now. */
  touch(vendor: MemoryVendor, rowId: string): void {
    const record = vendor.records.find((each) => `${vendor.name}:${each.id}` === rowId)!;
    record.n = this.clock;
    record.t = this.clock;
  }

  async close(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close();
    await this.dispatcher.close();
    await this.receivers.acme.close();
    await this.receivers.globex.close();
  }
}

/** Thirty conversations, the newest half an hour before the clock: none within a poll's margin when the world starts. */
function seedRecords(prefix: string) {
  return Array.from({ length: 30 }, (_, index) => ({ id: `${prefix}${index}`, n: BASE + index * MINUTE, t: BASE + index * MINUTE, tie: index }));
}

function originOf(vendor: MemoryVendor): string {
  return `http://${vendor.name}.memory.test`;
}

/** A counter's value in the app's /metrics registry, summed over the labels given. */
export async function metricValue(app: FastifyInstance, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await app.gateway.client.metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))
    .reduce((sum, value) => sum + value.value, 0);
}
