import type { SourceBinding } from '../contract/exchange.js';
import type { SimulatorOptions, StallProbe } from '../contract/simulator.js';
import { createRandom, seedFor, type Random } from './random.js';

/** How a simulator seeds its records: one key per simulated agent, one random stream per key. */
export interface SeedingSpec<T> {
  vendor: string;
  /** The key the vendor files a binding's records under (its agent id, say). */
  keyOf(binding: SourceBinding): string;
  /** `count` records for the binding filed under `key`, drawn from `random`. */
  generate(random: Random, key: string, count: number, binding: SourceBinding): T[];
  /** Plants stalled conversations among a key's first `count` records (docs/monitor.md). */
  plantProbes?(records: T[], count: number): StallProbe[];
}

/** The seeded records of every simulated agent, with their stall probes. */
export class SeededRecords<T> {
  private readonly byKey = new Map<string, T[]>();
  private readonly randoms = new Map<string, Random>();
  private readonly probesByKey = new Map<string, StallProbe[]>();
  private inserted = 0;

  constructor(
    private readonly options: SimulatorOptions,
    private readonly spec: SeedingSpec<T>,
  ) {
    for (const { binding, count } of options.agents) {
      const key = spec.keyOf(binding);
      const records = spec.generate(this.randomOf(key), key, count, binding);
      if (spec.plantProbes) this.probesByKey.set(key, spec.plantProbes(records, count));
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), ...records]);
    }
  }

  /** The key's random stream: the one its records were drawn from, going on. */
  randomOf(key: string): Random {
    if (!this.randoms.has(key)) this.randoms.set(key, createRandom(seedFor(this.options.seed, this.spec.vendor, key)));
    return this.randoms.get(key)!;
  }

  /** The records filed under the key (an empty list it then keeps, for a key no agent seeded). */
  of(key: string): T[] {
    if (!this.byKey.has(key)) this.byKey.set(key, []);
    return this.byKey.get(key)!;
  }

  ofBinding(binding: SourceBinding): T[] {
    return this.of(this.spec.keyOf(binding));
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Every key's records, in the order the agents were seeded. */
  all(): T[] {
    return [...this.byKey.values()].flat();
  }

  probes(binding: SourceBinding): StallProbe[] {
    return this.probesByKey.get(this.spec.keyOf(binding)) ?? [];
  }

  /** A fresh random stream for the next inserted record, apart from the seeded ones. */
  insertRandom(key: string): Random {
    this.inserted += 1;
    return createRandom(seedFor(this.options.seed, this.spec.vendor, key, 'insert', this.inserted));
  }
}
