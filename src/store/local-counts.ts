import { LRUCache } from 'lru-cache';
import type { WindowCount, WindowCounts } from './shared-counts.js';

/** Fixed-window counts per key in this process (a gateway without a shared store), least recently used dropped first. */
export class LocalCounts implements WindowCounts {
  private readonly windows = new LRUCache<string, { count: number; resetAt: number }>({ max: 5_000 });

  async increment(key: string, windowMs: number, _max: number, by = 1): Promise<WindowCount> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += by;
    return { current: window.count, ttl: window.resetAt - now };
  }
}
