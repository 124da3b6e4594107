/**
 * Allows each client address a few events per window (here: JWKS look-ups of key ids not
 * seen before), so one client spending its budget leaves every other client theirs. The
 * addresses tracked are bounded: when full, the one seen longest ago is forgotten.
 */
export class PerAddressBudget {
  private readonly spent = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one unit of `address`'s budget; false when it has none left in this window. */
  take(address: string): boolean {
    const bucket = addressBucket(address);
    const now = this.now();
    const recent = (this.spent.get(bucket) ?? []).filter((at) => now - at < this.windowMs);
    this.spent.delete(bucket);
    if (recent.length >= this.limit) {
      this.spent.set(bucket, recent);
      return false;
    }
    recent.push(now);
    this.spent.set(bucket, recent);
    while (this.spent.size > this.maxAddresses) this.spent.delete(this.spent.keys().next().value!);
    return true;
  }
}

/**
 * An IPv4 address as it is; an IPv6 address by its /64 prefix, the block one subscriber
 * holds, so rotating through the addresses of one's own block buys no extra budget.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
