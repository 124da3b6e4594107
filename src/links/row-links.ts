import type { ChannelType, Row } from '../contract/index.js';
import type { AgentSource, LogicalAgent } from '../agents/agent-directory.js';
import type { ReadContext } from '../upstream/read-context.js';
import type { LinkLookups, LookupAnswer } from './link-lookups.js';
import type { RowVerdict } from '../merge/merged-walk.js';

/**
 * What a walk does with the same conversation seen on two sources of one agent (a copy a
 * vendor imported and its original): `show` every row as listed, no vendor call spent on
 * links (`linkedIds` stays empty); `link` every row, each with its confirmed links; `hide`
 * a copy whose original is confirmed and is itself among the walk's rows.
 */
export const DUPLICATES_MODES = ['show', 'link', 'hide'] as const;
export type DuplicatesMode = (typeof DUPLICATES_MODES)[number];

/** A row's links as confirmed, and whether `hide` folds it into its original. */
export interface LinksOfRow {
  linkedIds: string[];
  hidden: boolean;
  /** Some vendor failed to answer a lookup: links may be missing; a copy is hidden only on a confirmed original. */
  unconfirmed: boolean;
  /** The request's own limits stopped a lookup: the walk stops before this row. */
  cut: boolean;
}

export type { RowVerdict } from '../merge/merged-walk.js';

/** What the walk's links cost and left open: a page reports it as `links`. */
export interface LinksReport {
  mode: Exclude<DuplicatesMode, 'show'>;
  /** Rows answered whose links could not all be confirmed. */
  unconfirmed: number;
  /** Copies folded into their original (`hide`). */
  hidden: number;
  /** Vendor calls the lookups made (they count against the request's budget like its list reads). */
  calls: number;
}

/** A copy's possible originals and an original's possible copies, among the agent's sources. */
interface Partners {
  originals: AgentSource[];
  copiers: AgentSource[];
  /** Whether a row of this source on this channel may be a copy. */
  copiesChannel(channel: ChannelType): boolean;
}

/**
 * The links of one walk's rows. The rule that hides a copy is a fixed predicate of the row,
 * so a cursor never skips or repeats: a copy (a row with `originalId`, from a vendor that
 * imports copies) is hidden when a source bound to the same agent, of a vendor it imports
 * from and read by this walk, confirms the original exists and the original passes the
 * walk's filters, so it is among the rows. A copy whose original cannot be confirmed is
 * shown. Lookups are read ahead for the rows about to go, within the request's budget.
 */
export class RowLinks {
  private readonly answers = new Map<string, Promise<LinksOfRow>>();
  /** Rows the walk has read (they passed its filters), by id; copies among them by importing source and original id. */
  private readonly seenRows = new Map<string, Row>();
  private readonly seenCopies = new Map<string, Row>();
  /** Sources whose list failed in this walk: a lookup there would fail too (and feed their breakers), so none is made. */
  private readonly down = new Set<string>();
  private readonly partners = new Map<string, Partners>();
  private readonly counted = new Map<string, true>();
  private unconfirmed = 0;
  private hidden = 0;
  private calls = 0;
  private readonly spent = (calls: number) => {
    this.calls += calls;
  };

  constructor(
    agent: LogicalAgent,
    readonly mode: Exclude<DuplicatesMode, 'show'>,
    private readonly lookups: LinkLookups,
    /** The context of each lookup: the request's (a page), or a fresh deadline in the export's. */
    private readonly contextOf: () => ReadContext,
    /** Whether a row of the agent would be among the walk's rows: its source is read and it passes the filters. */
    private readonly inWalk: (row: Row) => boolean,
  ) {
    for (const source of agent.sources) this.partners.set(source.runtime.name, partnersOf(agent, source));
  }

  /** Whether any two of the agent's sources can hold a copy and its original: without, links cost nothing and find nothing. */
  static possible(agent: LogicalAgent): boolean {
    return agent.sources.some((source) => {
      const partners = partnersOf(agent, source);
      return partners.originals.length > 0 || partners.copiers.length > 0;
    });
  }

  /**
   * Rows the walk read: a link between two of them needs no vendor call (the list showed
   * both, and a row it holds passed the walk's filters, as a lookup would have told).
   */
  see(rows: readonly Row[]): void {
    for (const row of rows) {
      keepRecent(this.seenRows, row.id, row);
      if (row.originalId !== null) keepRecent(this.seenCopies, copyKey(row.source, row.originalId), row);
    }
  }

  /** Sources whose list failed in this walk: their links stay unconfirmed, asked of no vendor. */
  sourcesDown(names: readonly string[]): void {
    for (const name of names) this.down.add(name);
  }

  /** Starts the lookups of rows about to go out, so they run together. */
  prefetch(rows: readonly Row[]): void {
    for (const row of rows) void this.linksOf(row);
  }

  /** Whether the row's lookups have started. */
  asked(row: Row): boolean {
    return this.answers.has(row.id);
  }

  linksOf(row: Row): Promise<LinksOfRow> {
    let answer = this.answers.get(row.id);
    if (!answer) {
      answer = this.find(row);
      keepRecent(this.answers, row.id, answer);
    }
    return answer;
  }

  /** The row as answered, with its links; counted once in the report. */
  async present(row: Row): Promise<Row> {
    const links = await this.linksOf(row);
    this.count(row.id, links);
    return { ...row, linkedIds: links.linkedIds };
  }

  /** Whether the walk sends the row, passes over it (`hide`: a copy folded into its original, counted once), or stops before it. */
  async verdict(row: Row): Promise<RowVerdict> {
    const links = await this.linksOf(row);
    if (links.cut) return 'stop';
    if (!links.hidden) return 'send';
    this.count(row.id, links);
    return 'hide';
  }

  report(): LinksReport {
    return { mode: this.mode, unconfirmed: this.unconfirmed, hidden: this.hidden, calls: this.calls };
  }

  private count(id: string, links: LinksOfRow): void {
    if (this.counted.has(id)) return;
    keepRecent(this.counted, id, true);
    if (links.hidden) this.hidden += 1;
    else if (links.unconfirmed) this.unconfirmed += 1;
  }

  /** The original of a copy: seen in the walk on one of the sources it may come from (an id is one vendor's), else asked of each. */
  private originalsOf(sources: AgentSource[], originalId: string): Promise<LookupAnswer[]> {
    const seen = sources.map((source) => this.seenRows.get(`${source.runtime.name}:${originalId}`)).filter((row) => row !== undefined);
    if (seen.length > 0) return Promise.resolve(seen);
    return Promise.all(sources.map((source) => (this.down.has(source.runtime.name) ? 'unconfirmed' : this.lookups.original(source, originalId, this.contextOf(), this.spent))));
  }

  private copyOf(source: AgentSource, originalId: string): LookupAnswer | Promise<LookupAnswer> {
    return this.down.has(source.runtime.name) ? 'unconfirmed' : this.lookups.copy(source, originalId, this.contextOf(), this.spent);
  }

  private async find(row: Row): Promise<LinksOfRow> {
    const partners = this.partners.get(row.source);
    if (!partners) return { linkedIds: [], hidden: false, unconfirmed: false, cut: false };
    const originalId = partners.copiesChannel(row.channelType) ? row.originalId : null;
    const copiers = partners.copiers.filter((source) => importsChannel(source, row.channelType));
    const [originals, copies] = await Promise.all([
      originalId === null ? [] : this.originalsOf(partners.originals, originalId),
      Promise.all(copiers.map((source) => this.seenCopies.get(copyKey(source.runtime.name, row.conversationId)) ?? this.copyOf(source, row.conversationId))),
    ]);
    const answers: LookupAnswer[] = [...originals, ...copies];
    const found = answers.filter(isRow);
    const hidden = this.mode === 'hide' && originals.some((original) => isRow(original) && this.inWalk(original));
    return { linkedIds: [...new Set(found.map((linked) => linked.id))].sort(), hidden, unconfirmed: answers.includes('unconfirmed'), cut: answers.includes('cut') };
  }
}

function partnersOf(agent: LogicalAgent, source: AgentSource): Partners {
  const { copies, vendor } = source.runtime.adapter;
  const others = agent.sources.filter((other) => other.runtime.name !== source.runtime.name);
  return {
    originals: copies ? others.filter((other) => copies.from.includes(other.runtime.adapter.vendor)) : [],
    copiers: others.filter((other) => other.runtime.adapter.copies?.from.includes(vendor) === true),
    copiesChannel: (channel) => copies !== undefined && importsChannel(source, channel),
  };
}

/** Whether a source's vendor imports conversations on this channel (every channel unless its adapter says). */
function importsChannel(source: AgentSource, channel: ChannelType): boolean {
  const channels = source.runtime.adapter.copies?.channels;
  return channels === undefined || channels.includes(channel);
}

/**
 * What an export's walk remembers of its rows stays bounded: the most recent entries, well
 * past any window of rows read ahead (a copy lies seconds from its original), the oldest forgotten.
 */
const MAX_REMEMBERED = 20_000;

function keepRecent<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as K);
}

function copyKey(source: string, originalId: string): string {
  return `${source}\n${originalId}`;
}

function isRow(answer: LookupAnswer): answer is Row {
  return typeof answer === 'object' && answer !== null;
}
