import type { Row } from '../contract/index.js';
import { compareKeys, type RowKey } from './row-key.js';
import { yieldToEventLoop } from './slices.js';
import type { SourceCursor } from '../cursor/walk-cursor.js';
import type { SourceHead, SourceWalk } from './source-walk.js';

export interface MergedPage {
  rows: Row[];
  hasMore: boolean;
  /** The last row sent (the next page starts after it); the start boundary when none was. */
  boundary: RowKey | undefined;
  /** Sources whose reads were due when `mustStop` ended the page early. */
  stoppedShort: SourceWalk[];
}

/** A row of the merged walk and the source walk it came from. */
export interface MergedRow {
  row: Row;
  walk: SourceWalk;
}

export interface MergedWalkOptions {
  /** The walk must stop reading: the deadline passed, the caller left. */
  mustStop(): boolean;
  /**
   * The request's vendor calls are spent: the walk goes on only while the sources it waits
   * for have their next pages already on the way (read ahead, paid for), and stops at the
   * first round that moves none of them.
   */
  callsSpent?(): boolean;
  /**
   * A failing source ends the whole walk at once, before any row it might precede (an export:
   * what it wrote stays an exact prefix of the walk). Otherwise the walk goes on without it
   * (a page: the source reports its failure).
   */
  endOnSourceFailure?: boolean;
}

/** Where a merged walk stands: `open` while rows may follow; `ended` when every source ended; `stopped` by `mustStop`; `cut` by a failing source. */
export type MergedWalkState = 'open' | 'ended' | 'stopped' | 'cut';

/**
 * The one merged walk, under every route: repeatedly hands out the earliest head among
 * the sources in the gateway order, pulled a row at a time (a page takes `limit` rows, an
 * export as many as its client reads, the monitor all). A head that is only a bound must be
 * read past first; every source whose bound lies before the earliest real row must be read
 * before that row can go, so those are read together (one round trip, no request that would
 * not be made anyway). A source whose next rows provably lie beyond what is pulled is never
 * read (O(N) vendor requests). How far each source reads ahead is its walk's.
 */
export class MergedWalk {
  private current: RowKey | undefined;
  private primed = false;
  private where: MergedWalkState = 'open';
  private blocked: SourceWalk[] = [];

  constructor(
    readonly walks: readonly SourceWalk[],
    startBoundary: RowKey | undefined,
    private readonly options: MergedWalkOptions,
  ) {
    this.current = startBoundary;
  }

  /** The last row handed out (the start boundary before any). */
  get boundary(): RowKey | undefined {
    return this.current;
  }

  get state(): MergedWalkState {
    return this.where;
  }

  /** Sources whose reads were due when the walk stopped. */
  get stoppedShort(): SourceWalk[] {
    return this.blocked;
  }

  /**
   * Reads together every source not read yet, unless its cursor says at least `limit`
   * known rows come before its first unsent row (then the next `limit` rows cannot reach
   * it): a page costs about one round trip.
   */
  async prime(limit = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.primed) return;
    this.primed = true;
    await Promise.all(walksToReadFirst(this.walks, limit).map((walk) => walk.advance(this.current)));
    this.noteFailures();
  }

  /** The next row in the gateway order, or undefined once the walk is no longer open. */
  async next(): Promise<MergedRow | undefined> {
    const head = await this.peek();
    if (!head) return undefined;
    head.walk.take();
    this.current = head.key;
    return { row: head.row, walk: head.walk };
  }

  /** The next row without taking it, or undefined once the walk is no longer open. */
  async peek(): Promise<(MergedRow & { key: RowKey }) | undefined> {
    await this.prime();
    while (this.where === 'open') {
      this.dropRowsSent();
      const earliest = earliestHead(this.walks);
      if (!earliest) {
        this.where = 'ended';
        break;
      }
      if (earliest.head.real) return { row: earliest.walk.peek()!, walk: earliest.walk, key: earliest.head.key };
      const blocking = walksBlockingTheNextRow(this.walks, earliest.walk);
      const spent = this.options.callsSpent?.() === true;
      if (this.options.mustStop()) {
        this.where = 'stopped';
        this.blocked = blocking;
        break;
      }
      const before = blocking.map((walk) => walk.steps);
      await Promise.all(blocking.map((walk) => walk.advance(this.current)));
      if (spent && blocking.every((walk, index) => walk.steps === before[index])) {
        this.where = 'stopped';
        this.blocked = blocking;
        break;
      }
      // Pages that arrive at once (the cache, a fast vendor) must not starve timers and sockets:
      // a walk that finds nothing to send may read on for long, and its caller may have left.
      await yieldToEventLoop();
      this.noteFailures();
    }
    return undefined;
  }

  /** After a full page: reads on until some row is known to be left, so `hasMore` is exact. */
  async anyRowLeft(): Promise<boolean> {
    for (;;) {
      this.dropRowsSent();
      const heads = this.walks.map((walk) => walk.head()).filter((head) => head !== null);
      if (heads.length === 0) return false;
      if (heads.some((head) => head.real || head.known) || this.options.mustStop()) return true;
      const earliest = earliestHead(this.walks)!.walk;
      const before = earliest.steps;
      await earliest.advance(this.current);
      if (this.options.callsSpent?.() === true && earliest.steps === before) return true;
      await yieldToEventLoop();
    }
  }

  /** Every source stops reading (reads in flight finish). */
  close(): void {
    for (const walk of this.walks) walk.close();
  }

  /**
   * A head that is the row just sent, read again through another walk (two bindings of one
   * connection that both list a conversation: the same id at the same time), is dropped: sent once.
   */
  private dropRowsSent(): void {
    if (!this.current) return;
    for (const walk of this.walks) {
      for (let head = walk.head(); head?.real && compareKeys(head.key, this.current) === 0; head = walk.head()) walk.take();
    }
  }

  private noteFailures(): void {
    if (this.options.endOnSourceFailure && this.where === 'open' && this.walks.some((walk) => walk.failed)) this.where = 'cut';
  }
}

/**
 * What a page does with a row: `send` it; `hide` it (a copy folded into its original: taken,
 * so the next page starts after it, but not sent and not counted; a fixed predicate of the
 * row keeps the walk exact, every row still met once, in order); or `stop` before it (a
 * read it needed was cut by the request's limits: it leads the next page).
 */
export type RowVerdict = 'send' | 'hide' | 'stop';

/** How a page walks: when it must stop, and what it does with each row. */
export interface PageWalkOptions extends Omit<MergedWalkOptions, 'endOnSourceFailure'> {
  /** `wanted`: how many more rows the page takes (what the judge may prepare for ahead). */
  judge?(row: Row, wanted: number): Promise<RowVerdict>;
}

/**
 * One page of the merged walk: `limit` rows, and whether more follow (read on until it is
 * known). `fits` may end the page before a row (the answer's size): the row stays for the
 * next page.
 */
export async function mergeWalks(
  walks: SourceWalk[],
  limit: number,
  startBoundary: RowKey | undefined,
  stops: (() => boolean) | PageWalkOptions,
  fits?: (row: Row, first: boolean) => boolean,
): Promise<MergedPage> {
  const options = typeof stops === 'function' ? { mustStop: stops } : stops;
  const merged = new MergedWalk(walks, startBoundary, options);
  await merged.prime(limit);
  const rows: Row[] = [];
  while (rows.length < limit) {
    const head = await merged.peek();
    if (!head) break;
    const verdict = options.judge ? await options.judge(head.row, limit - rows.length) : 'send';
    if (verdict === 'stop') return { rows, hasMore: true, boundary: merged.boundary, stoppedShort: [] };
    if (verdict === 'hide') {
      await merged.next();
      continue;
    }
    if (fits && !fits(head.row, rows.length === 0)) return { rows, hasMore: true, boundary: merged.boundary, stoppedShort: [] };
    rows.push((await merged.next())!.row);
  }
  if (rows.length === limit) {
    const hasMore = options.judge ? await anyRowToSendLeft(merged, options.judge) : await merged.anyRowLeft();
    return { rows, hasMore, boundary: merged.boundary, stoppedShort: [] };
  }
  return { rows, hasMore: merged.state === 'stopped', boundary: merged.boundary, stoppedShort: merged.stoppedShort };
}

/** After a full page that judges rows: whether a row it would send is left (the rows passed over meanwhile are taken). */
async function anyRowToSendLeft(merged: MergedWalk, judge: NonNullable<PageWalkOptions['judge']>): Promise<boolean> {
  for (let head = await merged.peek(); head; head = await merged.peek()) {
    if ((await judge(head.row, 1)) !== 'hide') return true;
    await merged.next();
  }
  return merged.state === 'stopped';
}

/** The walks whose bounds lie before the earliest real row (just the earliest walk when no row is real yet). */
function walksBlockingTheNextRow(walks: readonly SourceWalk[], earliest: SourceWalk): SourceWalk[] {
  const heads = walks.map((walk) => ({ walk, head: walk.head() }));
  let firstReal: RowKey | undefined;
  for (const { head } of heads) {
    if (head?.real && (!firstReal || compareKeys(head.key, firstReal) < 0)) firstReal = head.key;
  }
  if (!firstReal) return [earliest];
  return heads
    .filter(({ head }) => head !== null && !head.real && compareKeys(head.key, firstReal!) < 0)
    .map(({ walk }) => walk);
}

function earliestHead(walks: readonly SourceWalk[]): { walk: SourceWalk; head: SourceHead } | undefined {
  let best: { walk: SourceWalk; head: SourceHead } | undefined;
  for (const walk of walks) {
    const head = walk.head();
    if (head === null) continue;
    if (!best || compareKeys(head.key, best.head.key) < 0) best = { walk, head };
  }
  return best;
}

/** The sources not read yet, but those whose cursor says `limit` known rows come before their first unsent one. */
function walksToReadFirst(walks: readonly SourceWalk[], limit: number): SourceWalk[] {
  return walks.filter((walk) => {
    if (walk.isMaterialized || walk.head() === null) return false;
    const ahead = walk.toCursor().ahead;
    return ahead === undefined || ahead < limit;
  });
}

/** Each source's resume point, with the count of known rows ahead of its head. */
export function cursorsOf(walks: SourceWalk[]): Record<string, SourceCursor> {
  const cursors = walks.map((walk) => ({ walk, cursor: walk.toCursor(), known: walk.knownKeys() }));
  return Object.fromEntries(
    cursors.map(({ walk, cursor }) => {
      const head = cursor.head;
      if (!head) return [walk.key, cursor];
      const ahead = cursors.reduce((sum, other) => (other.walk === walk ? sum : sum + knownBefore(other, head)), 0);
      return [walk.key, { ...cursor, ahead }];
    }),
  );
}

/**
 * How many of a source's known rows come before `key`. A source not read on this page
 * knows only its cursor: all its known rows when the last one is before `key`, else its
 * head row alone when that is a real row before `key`.
 */
function knownBefore(other: { cursor: SourceCursor; known: RowKey[] }, key: RowKey): number {
  if (other.known.length === 0) {
    const { head, headIsRow, tail, known } = other.cursor;
    if (tail && compareKeys(tail, key) < 0) return known;
    return head && headIsRow && compareKeys(head, key) < 0 ? 1 : 0;
  }
  let low = 0;
  let high = other.known.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(other.known[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
