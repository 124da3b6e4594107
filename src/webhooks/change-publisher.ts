import type { AgentDirectory } from '../agents/agent-directory.js';
import type { WebhookEventType, WebhookSubscriptionConfig } from '../config/gateway-config.js';
import type { Row } from '../contract/index.js';
import type { ChangeLedger } from './change-ledger.js';
import type { DeliveryQueue } from './delivery-queue.js';
import { rowVersion } from './row-version.js';
import { deliveryIdOf, deliveryOf, type WebhookEvent } from './webhook-event.js';

/** The subscriptions of each agent: a subscription's own agents, or every agent of its org; never another org's. */
export function subscribersByAgent(subscriptions: ReadonlyMap<string, WebhookSubscriptionConfig>, directory: AgentDirectory): Map<string, string[]> {
  const byAgent = new Map<string, string[]>();
  for (const [id, subscription] of subscriptions) {
    for (const agent of directory.agents.values()) {
      if (agent.org !== subscription.org) continue;
      if (subscription.agents !== 'all' && !subscription.agents.includes(agent.id)) continue;
      byAgent.set(agent.id, [...(byAgent.get(agent.id) ?? []), id]);
    }
  }
  return byAgent;
}

export interface PublishResult {
  type: WebhookEventType | undefined;
  /** Deliveries queued by this call (a repeat of a change queues none). */
  queued: number;
}

/**
 * Turns a row read for an agent into deliveries: its version against the ledger says
 * whether it is new, changed or a repeat; each subscription of the agent that asked for
 * that kind of change gets one delivery, whose id (subscription, row, version) the queue
 * keeps once. The deliveries are queued before the version is recorded, so a replica
 * that dies in between makes the next sighting queue them again, and the id drops the repeat.
 */
export class ChangePublisher {
  constructor(
    private readonly subscriptions: ReadonlyMap<string, WebhookSubscriptionConfig>,
    private readonly subscribers: ReadonlyMap<string, readonly string[]>,
    private readonly ledger: ChangeLedger,
    private readonly queue: DeliveryQueue,
    private readonly now: () => number,
  ) {}

  /** Agents some subscription receives. */
  agentIds(): string[] {
    return [...this.subscribers.keys()];
  }

  async publish(agentId: string, row: Row): Promise<PublishResult> {
    const subscriptionIds = this.subscribers.get(agentId) ?? [];
    if (subscriptionIds.length === 0) return { type: undefined, queued: 0 };
    const version = rowVersion(row);
    const known = await this.ledger.versionOf(agentId, row.id);
    if (known === version) return { type: undefined, queued: 0 };
    const type: WebhookEventType = known === undefined ? 'conversation.created' : 'conversation.updated';
    const seenAt = this.now();
    const { raw: _raw, ...normalized } = row;
    const event: WebhookEvent = { type, timestamp: new Date(seenAt).toISOString(), data: { agentId, row: normalized } };
    let queued = 0;
    for (const subscriptionId of subscriptionIds) {
      if (!this.subscriptions.get(subscriptionId)!.events.includes(type)) continue;
      const id = deliveryIdOf(subscriptionId, row.id, version);
      if (await this.queue.enqueue(deliveryOf(subscriptionId, id, event, seenAt))) queued += 1;
    }
    await this.ledger.record(agentId, row.id, version);
    return { type, queued };
  }
}
