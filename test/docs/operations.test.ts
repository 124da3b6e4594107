import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandboxApp } from '../support/sandbox-app.js';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'operations.md'), 'utf8');

/** `gateway_x_count` is a series of the histogram `gateway_x`. */
const HISTOGRAM_SUFFIX = /_(count|sum|bucket)$/;

describe('docs/operations.md', () => {
  it('names only series and labels the gateway exports', async () => {
    // A store that is never reached still registers gateway_store_up, which the store alert reads.
    const sandbox = await startSandboxApp({ adjust: (config) => (config.store = { redis: { url: 'redis://127.0.0.1:1', keyPrefix: 'operations-doc:' } }) });
    // A subscription registers the webhook families (its receiver never answers: nothing here waits for it).
    const subscribed = await startSandboxApp({
      adjust: (config) => {
        config.webhooks = {
          pollIntervalSeconds: 3_600,
          maxVendorCallsPerPoll: 10,
          subscriptions: { docs: { url: 'http://127.0.0.1:1/hook', secrets: [`whsec_${Buffer.alloc(32, 7).toString('base64')}`], org: 'acme', agents: ['sales-bot'], events: ['conversation.created'] } },
        };
      },
    });
    try {
      const labels = new Map(
        [sandbox, subscribed]
          .flatMap((app) => app.app.gateway.client.metrics.registry.getMetricsAsArray())
          .map((metric) => [metric.name, (metric as unknown as { labelNames?: string[] }).labelNames ?? []] as const),
      );
      // `gateway_vendor_*` in prose is a family, not a series.
      const named = [...page.replace(/\b[a-z_]+_\*/g, '').matchAll(/\b((?:gateway|nodejs|process)_[a-z0-9_]+)(\{[^}]*\})?/g)];
      expect(named.length).toBeGreaterThan(10);
      const unknown: string[] = [];
      for (const [, series, selector] of named) {
        const metric = labels.has(series!) ? series! : series!.replace(HISTOGRAM_SUFFIX, '');
        if (!labels.has(metric)) {
          unknown.push(series!);
          continue;
        }
        for (const [, label] of (selector ?? '').matchAll(/([a-z_]+)\s*[!=]~?/g)) {
          if (!labels.get(metric)!.includes(label!)) unknown.push(`${series}{${label}}`);
        }
      }
      expect(unknown).toEqual([]);
    } finally {
      await sandbox.close();
      await subscribed.close();
    }
  });

  it('has a runbook entry for every alert it defines', () => {
    const alerts = [...page.matchAll(/- alert: (\w+)/g)].map((match) => match[1]!);
    expect(alerts).toEqual(expect.arrayContaining(['GatewayVendorBreakerOpen', 'GatewayStoreDown', 'GatewayPartialPages', 'GatewayServerErrors', 'GatewayExportsCut']));
    for (const alert of alerts) expect(page, alert).toContain(`### ${alert}`);
  });
});
