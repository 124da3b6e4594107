import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

/**
 * Node's own process metrics (CPU, memory, event-loop lag, GC, handles) describe the
 * process, not an app: they are collected once per process and then registered into each
 * app's registry. Collecting them per app would start a new event-loop monitor and GC
 * observer for every app a test builds.
 */
let processRegistry: Registry | undefined;

export function registerProcessMetrics(registry: Registry): void {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  // getMetricsAsArray() is typed as plain objects but returns the metric instances themselves.
  for (const metric of processRegistry.getMetricsAsArray()) registry.registerMetric(metric as unknown as Metric);
}
