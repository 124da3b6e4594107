import type { Metric, Registry } from 'prom-client';

/** One line of the exposition, as prom-client's registry reads it from a metric's `get()`. */
interface ExposedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
  /** prom-client's buckets carry an empty exemplar slot. */
  exemplar?: null;
}

interface Series {
  labels: Readonly<Record<string, string>>;
  /** Observations per bucket (not cumulative); the last one is above every bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export interface RequestDurationHistogramOptions {
  name: string;
  help: string;
  buckets: readonly number[];
  registers: Registry[];
}

/**
 * A histogram of request durations by route, method and status code, rendered in a
 * prom-client registry exactly as prom-client's Histogram renders. prom-client builds and
 * hashes a label string and allocates on every observation (about 2 µs each, measured); here
 * the series of a label set is reached through three map look-ups and nothing is allocated.
 */
export class RequestDurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** As prom-client's metrics name theirs. */
  readonly labelNames = ['route', 'method', 'status_code'] as const;
  readonly name: string;
  readonly help: string;
  private readonly buckets: readonly number[];
  private series = new Map<string, Map<string, Map<number, Series>>>();

  constructor(options: RequestDurationHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.buckets = options.buckets;
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  observe(route: string, method: string, statusCode: number, seconds: number): void {
    const series = this.seriesOf(route, method, statusCode);
    let bucket = 0;
    while (bucket < this.buckets.length && seconds > this.buckets[bucket]!) bucket += 1;
    series.counts[bucket]! += 1;
    series.sum += seconds;
    series.count += 1;
  }

  async get(): Promise<{ name: string; help: string; type: 'histogram'; values: ExposedValue[]; aggregator: 'sum' }> {
    const values: ExposedValue[] = [];
    for (const byMethod of this.series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const series of byStatus.values()) values.push(...this.valuesOf(series));
      }
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series = new Map();
  }

  private seriesOf(route: string, method: string, statusCode: number): Series {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(statusCode);
    if (!series) {
      series = { labels: { route, method, status_code: String(statusCode) }, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
      byStatus.set(statusCode, series);
    }
    return series;
  }

  /** Cumulative buckets, +Inf, sum and count, with the labels in prom-client's order (`le` first). */
  private valuesOf(series: Series): ExposedValue[] {
    const bucketName = `${this.name}_bucket`;
    let below = 0;
    const buckets = this.buckets.map((bound, index) => {
      below += series.counts[index]!;
      return { labels: { le: bound, ...series.labels }, value: below, metricName: bucketName, exemplar: null };
    });
    return [
      ...buckets,
      { labels: { le: '+Inf', ...series.labels }, value: series.count, metricName: bucketName, exemplar: null },
      { labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` },
      { labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` },
    ];
  }
}
