import type { PagePosition } from '../contract/index.js';
import type { MappedPage } from './mapped-page.js';
import { compareKeys, earliestKeyAt, type RowKey } from './row-key.js';
import type { PageReader } from './source-walk.js';
import { VendorFailure } from '../upstream/vendor-failure.js';

/**
 * The vendor page reads of one walk: the per-request page cap, and pages read ahead
 * concurrently (a resumed walk that needed several pages last time asks for them at once,
 * so a page costs one round trip instead of one per vendor page).
 */
export class WalkPageReads {
  private readonly inFlight = new Map<string, Promise<MappedPage>>();
  private started = 0;

  constructor(
    private readonly readPage: PageReader,
    private readonly pageSize: number,
    private readonly maxPages: number,
  ) {}

  get count(): number {
    return this.started;
  }

  /** The page at `position`: the one already on its way, or a new read. */
  read(position: PagePosition): Promise<MappedPage> {
    const key = keyOf(position);
    const pending = this.inFlight.get(key);
    if (pending) {
      this.inFlight.delete(key);
      return pending;
    }
    return this.start(position);
  }

  /** Starts reads that `read` will pick up; one never picked up costs a request and nothing else. */
  readAhead(positions: readonly PagePosition[]): void {
    for (const position of positions) {
      const key = keyOf(position);
      if (this.inFlight.has(key) || this.started >= this.maxPages) continue;
      const read = this.start(position);
      read.catch(() => undefined);
      this.inFlight.set(key, read);
    }
  }

  private start(position: PagePosition): Promise<MappedPage> {
    if (this.started >= this.maxPages) {
      return Promise.reject(
        new VendorFailure('PAGE_CAP_REACHED', `read ${this.started} vendor pages in one request without reaching a row to send`),
      );
    }
    this.started += 1;
    return this.readPage(position, this.pageSize);
  }
}

/** One vendor page a walk read, and the smallest native key read once it was consumed. */
export interface PageLogEntry {
  position: PagePosition;
  frontier: number | null | undefined;
}

const MAX_READ_AHEAD = 3;

/**
 * The pages after the resume page that were needed to prove the source's head row in
 * order: the next request will need them again, so it may read them with the first.
 */
export function pagesToReadAhead(log: readonly PageLogEntry[], resume: PagePosition, head: RowKey, lagMs: number): PagePosition[] {
  const start = log.findIndex((entry) => keyOf(entry.position) === keyOf(resume));
  if (start < 0) return [];
  const ahead: PagePosition[] = [];
  for (let index = start; index + 1 < log.length && ahead.length < MAX_READ_AHEAD; index += 1) {
    const { frontier } = log[index]!;
    const bound = frontier === undefined ? undefined : earliestKeyAt(frontier === null ? null : frontier + lagMs);
    if (bound && compareKeys(head, bound) < 0) break;
    ahead.push(log[index + 1]!.position);
  }
  return ahead;
}

function keyOf(position: PagePosition): string {
  return position.page !== undefined ? `page:${position.page}` : `cursor:${position.cursor ?? ''}`;
}
