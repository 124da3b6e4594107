/**
 * Finds, in a text, every run of `windowLength` characters that also occurs in one of the
 * indexed strings: a fragment of a secret, however the rest of it was cut away. A rolling
 * hash over the text and a bit table of the indexed windows keep one pass cheap (a few
 * milliseconds for a 200 KB response), whatever the number of secrets.
 */
export class FragmentIndex {
  private readonly windows = new Map<number, string[]>();
  private readonly table: Uint32Array;
  private readonly tableMask: number;
  private readonly leadingPower: number;

  constructor(
    sources: readonly string[],
    private readonly windowLength: number,
  ) {
    for (const source of sources) {
      for (let start = 0; start + windowLength <= source.length; start += 1) {
        const window = source.slice(start, start + windowLength);
        const hash = hashOf(window);
        const known = this.windows.get(hash) ?? [];
        if (!known.includes(window)) known.push(window);
        this.windows.set(hash, known);
      }
    }
    let bits = 4096;
    while (bits < this.windows.size * 16) bits *= 2;
    this.table = new Uint32Array(bits / 32);
    this.tableMask = bits - 1;
    for (const hash of this.windows.keys()) this.mark(hash);
    let power = 1;
    for (let index = 0; index < windowLength - 1; index += 1) power = Math.imul(power, BASE);
    this.leadingPower = power;
  }

  get empty(): boolean {
    return this.windows.size === 0;
  }

  /** `[start, end)` of every window of `text` that is an indexed window. */
  matches(text: string): [number, number][] {
    const found: [number, number][] = [];
    const length = this.windowLength;
    if (this.empty || text.length < length) return found;
    let hash = 0;
    for (let index = 0; index < length; index += 1) hash = (Math.imul(hash, BASE) + text.charCodeAt(index)) | 0;
    for (let start = 0; ; start += 1) {
      if (this.marked(hash) && this.windows.get(hash)?.some((window) => text.startsWith(window, start))) found.push([start, start + length]);
      if (start + length >= text.length) break;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(start), this.leadingPower), BASE) + text.charCodeAt(start + length)) | 0;
    }
    return found;
  }

  private mark(hash: number): void {
    const bit = (hash >>> 0) & this.tableMask;
    this.table[bit >>> 5] = (this.table[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }

  private marked(hash: number): boolean {
    const bit = (hash >>> 0) & this.tableMask;
    return ((this.table[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }
}

const BASE = 0x01000193;

function hashOf(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index += 1) hash = (Math.imul(hash, BASE) + text.charCodeAt(index)) | 0;
  return hash;
}
