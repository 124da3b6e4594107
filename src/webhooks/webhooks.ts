import type { AgentDirectory } from '../agents/agent-directory.js';
import type { WebhooksConfig, RedisStoreConfig } from '../config/gateway-config.js';
import type { PageDependencies } from '../conversations/page-request.js';
import type { SharedStore } from '../store/shared-store.js';
import type { Registry } from 'prom-client';
import { AgentPoller } from './agent-poller.js';
import { FleetChangeLedger, LocalChangeLedger } from './change-ledger.js';
import { ChangePublisher, subscribersByAgent } from './change-publisher.js';
import type { DeliveryQueue } from './delivery-queue.js';
import { FleetPollCoordinator, LocalPollCoordinator } from './poll-coordinator.js';
import { openDeliveryQueue, type DeliveryOptions } from './webhook-deliveries.js';
import { registerWebhookMetrics } from './webhook-metrics.js';

export interface WebhooksInput {
  config: WebhooksConfig;
  directory: AgentDirectory;
  deps: PageDependencies;
  /** With a store: deliveries in BullMQ, the ledger, the poll leases and states in Redis. */
  store: { shared: SharedStore; redis: RedisStoreConfig } | undefined;
  registry: Registry;
  log: { warn(fields: object, message: string): void };
  options: DeliveryOptions & { pollIntervalMs?: number };
}

/**
 * Changes pushed to subscribers (docs/webhooks.md): the queue deliveries wait in, the
 * publisher that turns rows into deliveries, and the poller that finds changes no vendor
 * event announced. Everything fleet-wide lives in Redis when a store is configured.
 */
export class Webhooks {
  readonly queue: DeliveryQueue;
  readonly publisher: ChangePublisher;
  readonly poller: AgentPoller;
  readonly subscriptions: ReadonlyMap<string, WebhooksConfig['subscriptions'][string]>;
  private readonly closeQueue: () => Promise<void>;

  constructor(input: WebhooksInput) {
    const { config, directory, deps, store, log } = input;
    this.subscriptions = new Map(Object.entries(config.subscriptions));
    const metrics = registerWebhookMetrics(input.registry, () => this.queue, [...this.subscriptions.keys()]);
    const opened = openDeliveryQueue({
      subscriptions: this.subscriptions,
      redis: store?.redis,
      report: metrics.outcome,
      onError: (error) => log.warn({ reason: error.message }, 'webhook queue: Redis command failed'),
      options: input.options,
      now: deps.now,
    });
    this.queue = opened.queue;
    this.closeQueue = opened.close;
    const subscribers = subscribersByAgent(this.subscriptions, directory);
    this.publisher = new ChangePublisher(this.subscriptions, subscribers, store ? new FleetChangeLedger(store.shared) : new LocalChangeLedger(), this.queue, deps.now);
    this.poller = new AgentPoller({
      deps,
      agents: directory.agents,
      publisher: this.publisher,
      coordinator: store ? new FleetPollCoordinator(store.shared) : new LocalPollCoordinator(),
      intervalMs: input.options.pollIntervalMs ?? config.pollIntervalSeconds * 1000,
      maxVendorCalls: config.maxVendorCallsPerPoll,
      onPoll: metrics.poll,
      onError: (agentId, error) => log.warn({ agentId, reason: (error as Error)?.message }, 'webhook poll failed; the next interval tries again'),
    });
  }

  start(): void {
    this.poller.start(this.publisher.agentIds());
  }

  async close(): Promise<void> {
    this.poller.close();
    await this.closeQueue();
  }
}
