import { LRUCache } from 'lru-cache';

/** A kept answer as it is answered again: the body ready to write, and its entity tag. */
export interface KeptAnswer {
  /** The whole answer as the route serializes it, marked as served from the cache, already scrubbed. */
  body: Buffer;
  etag: string;
}

interface KeptEntry extends KeptAnswer {
  freshUntil: number;
}

export interface KeptAnswersOptions {
  maxEntries: number;
  /** Budget for the kept answers' bodies, in bytes. */
  maxBytes: number;
  now?: () => number;
  /** The response scrubber: a kept answer is scrubbed once, when it is kept, not on every answer. */
  scrub?: (text: string) => string;
}

/** What a kind of answer says about being kept: its tag, and the answer as served again (or nothing when it must not be kept). */
export interface AnswerKind<Answer> {
  entityTagOf(answer: Answer): string;
  /** The answer as it is served from the cache (no vendor request, no latency); undefined when it must not be kept. */
  asKept(answer: Answer): Answer | undefined;
}

/** What an entry costs beside its body: key, tag and the cache's own bookkeeping, about. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * Answers kept serialized while what they were made of is fresh: the same request again
 * (same organization, agent and query) is answered without reading, serializing or
 * scrubbing, and a client that sends the answer's `ETag` back in `If-None-Match` gets a 304.
 */
export class KeptAnswers<Answer> {
  private readonly answers: LRUCache<string, KeptEntry>;
  private readonly now: () => number;
  private readonly scrub: (text: string) => string;

  constructor(
    private readonly kind: AnswerKind<Answer>,
    options: KeptAnswersOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.scrub = options.scrub ?? ((text) => text);
    this.answers = new LRUCache({ max: options.maxEntries, maxSize: options.maxBytes, sizeCalculation: (entry) => entry.body.length + ENTRY_OVERHEAD_BYTES });
  }

  /** The kept answer to the request `key` names, while it is fresh. */
  get(key: string): KeptAnswer | undefined {
    const entry = this.answers.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.freshUntil) {
      this.answers.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Keeps `answer` (under `key`, when given) until `freshUntil` when its kind allows, as
   * `serialize` writes it served from the cache; returns its entity tag either way.
   */
  put(key: string | undefined, answer: Answer, freshUntil: number | null, serialize: (answer: Answer) => string): string {
    const etag = this.kind.entityTagOf(answer);
    if (key === undefined || freshUntil === null || freshUntil <= this.now()) return etag;
    const kept = this.kind.asKept(answer);
    if (kept !== undefined) this.answers.set(key, { body: Buffer.from(this.scrub(serialize(kept))), etag, freshUntil });
    return etag;
  }

  clear(): void {
    this.answers.clear();
  }
}

/**
 * The request's identity: organization, agent and the whole validated query, in name
 * order. Each part is a JSON token (strings quoted and escaped), so no two requests share a key.
 */
export function answerKey(org: string, agentId: string, query: object): string {
  const values = query as Record<string, unknown>;
  let key = JSON.stringify(org) + JSON.stringify(agentId);
  for (const name of Object.keys(values).sort()) key += JSON.stringify(name) + JSON.stringify(values[name]);
  return key;
}

/** Does `If-None-Match` name this tag (a list, `*`, weak forms compared weakly as RFC 9110 says)? */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
