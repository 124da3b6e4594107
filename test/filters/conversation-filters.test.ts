import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { filterFingerprint, matchesFilters, phoneDigitsOf, pushDownFiltersOf, readsSummary, type ConversationFilters } from '../../src/filters/conversation-filters.js';
import { FILTERS } from '../../src/filters/row-filters.js';
import { parseFilters } from '../../src/routes/conversations-query.js';

const T = Date.UTC(2026, 4, 18, 14, 32, 12);

const ROW: Row = {
  id: 'tether:1',
  source: 'tether',
  vendor: 'tether',
  vendorAgentId: 'a',
  conversationId: '1',
  contactId: null,
  contactName: 'Ada Lovelace',
  contactEmail: 'ada@example.com',
  contactPhone: '+442079460018',
  contactPhoneFormat: 'e164',
  contactKey: 'tel:+442079460018',
  channelType: 'sms',
  conversationState: 'resolved',
  startedAt: null,
  endedAt: null,
  lastActivityAt: new Date(T).toISOString(),
  lastMessagePreview: 'Thanks, that FIXED it',
  messageCount: 3,
  durationSec: 120,
  summary: 'Refund issued',
  successful: true,
  rating: 3,
  tags: ['billing', 'vip'],
  assignees: [],
  cost: null,
  language: null,
  direction: null,
  hasAccess: true,
  originalId: null,
  linkedIds: [],
};

const matches = (filters: ConversationFilters, row: Partial<Row> = {}, time: number | null = T) => matchesFilters({ ...ROW, ...row }, filters, time);

describe('matchesFilters', () => {
  it('keeps every row when there are no filters, even one with null fields', () => {
    expect(matches({})).toBe(true);
    expect(matches({}, { durationSec: null, rating: null, successful: null, contactName: null }, null)).toBe(true);
  });

  describe('since ≤ lastActivityAt', () => {
    it('at the bound', () => expect(matches({ since: T })).toBe(true));
    it('just inside', () => expect(matches({ since: T - 1 })).toBe(true));
    it('just outside', () => expect(matches({ since: T + 1 })).toBe(false));
    it('null activity', () => expect(matches({ since: 0 }, {}, null)).toBe(false));
  });

  describe('lastActivityAt < until', () => {
    it('at the bound', () => expect(matches({ until: T })).toBe(false));
    it('just inside', () => expect(matches({ until: T + 1 })).toBe(true));
    it('just outside', () => expect(matches({ until: T - 1 })).toBe(false));
    it('null activity', () => expect(matches({ until: Number.MAX_SAFE_INTEGER }, {}, null)).toBe(false));
    it('together with since: a window of one millisecond', () => {
      expect(matches({ since: T, until: T + 1 })).toBe(true);
      expect(matches({ since: T + 1, until: T + 2 })).toBe(false);
    });
  });

  describe('channel and state: any of the listed', () => {
    it('channel', () => {
      expect(matches({ channel: ['voice', 'sms'] })).toBe(true);
      expect(matches({ channel: ['voice'] })).toBe(false);
      expect(matches({ channel: [] })).toBe(false);
    });
    it('state', () => {
      expect(matches({ state: ['human', 'resolved'] })).toBe(true);
      expect(matches({ state: ['human'] })).toBe(false);
    });
  });

  describe('durationSec bounds are inclusive', () => {
    it('minDurationSec at, inside, outside', () => {
      expect(matches({ minDurationSec: 120 })).toBe(true);
      expect(matches({ minDurationSec: 119 })).toBe(true);
      expect(matches({ minDurationSec: 121 })).toBe(false);
    });
    it('maxDurationSec at, inside, outside', () => {
      expect(matches({ maxDurationSec: 120 })).toBe(true);
      expect(matches({ maxDurationSec: 121 })).toBe(true);
      expect(matches({ maxDurationSec: 119 })).toBe(false);
    });
    it('both on the value', () => expect(matches({ minDurationSec: 120, maxDurationSec: 120 })).toBe(true));
    it('zero is a value, not a missing bound', () => {
      expect(matches({ maxDurationSec: 0 }, { durationSec: 0 })).toBe(true);
      expect(matches({ maxDurationSec: 0 }, { durationSec: 1 })).toBe(false);
      expect(matches({ minDurationSec: 0 }, { durationSec: 0 })).toBe(true);
    });
    it('a null duration fails either bound alone', () => {
      expect(matches({ minDurationSec: 0 }, { durationSec: null })).toBe(false);
      expect(matches({ maxDurationSec: 10_000 }, { durationSec: null })).toBe(false);
    });
  });

  describe('rating bounds are inclusive', () => {
    it('minRating at, inside, outside', () => {
      expect(matches({ minRating: 3 })).toBe(true);
      expect(matches({ minRating: 2 })).toBe(true);
      expect(matches({ minRating: 4 })).toBe(false);
    });
    it('maxRating at, inside, outside', () => {
      expect(matches({ maxRating: 3 })).toBe(true);
      expect(matches({ maxRating: 4 })).toBe(true);
      expect(matches({ maxRating: 2 })).toBe(false);
    });
    it('a null rating fails either bound alone', () => {
      expect(matches({ minRating: 1 }, { rating: null })).toBe(false);
      expect(matches({ maxRating: 5 }, { rating: null })).toBe(false);
    });
    it('rating bounds do not read the duration, nor duration bounds the rating', () => {
      expect(matches({ minRating: 3 }, { durationSec: null })).toBe(true);
      expect(matches({ minDurationSec: 120 }, { rating: null })).toBe(true);
    });
  });

  describe('successful', () => {
    it('true and false select their own rows', () => {
      expect(matches({ successful: true })).toBe(true);
      expect(matches({ successful: false })).toBe(false);
      expect(matches({ successful: false }, { successful: false })).toBe(true);
      expect(matches({ successful: true }, { successful: false })).toBe(false);
    });
    it('null matches neither', () => {
      expect(matches({ successful: true }, { successful: null })).toBe(false);
      expect(matches({ successful: false }, { successful: null })).toBe(false);
    });
  });

  describe('tags: any of the listed', () => {
    it('one of several listed is enough', () => expect(matches({ tags: ['vip', 'no-such-tag'] })).toBe(true));
    it('none listed present', () => expect(matches({ tags: ['no-such-tag'] })).toBe(false));
    it('a row without tags', () => expect(matches({ tags: ['vip'] }, { tags: [] })).toBe(false));
  });

  describe('q: a lower-cased substring of the searched fields', () => {
    const textIn = (field: keyof Row, value: string): Partial<Row> => ({
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      lastMessagePreview: null,
      summary: null,
      [field]: value,
    });
    for (const field of ['contactName', 'contactEmail', 'contactPhone', 'lastMessagePreview', 'summary'] as const) {
      it(`found in ${field} alone, whatever its case`, () => {
        expect(matches({ q: 'needle' }, textIn(field, 'a NeEdLe here'))).toBe(true);
        expect(matches({ q: 'needle' }, textIn(field, 'a haystack'))).toBe(false);
      });
    }
    it('not in fields that are not searched', () => {
      expect(matches({ q: 'tether' }, textIn('summary', 'x'))).toBe(false);
      expect(matches({ q: 'billing' }, textIn('summary', 'x'))).toBe(false);
    });
    it('a number written as a person types it finds the normalized phone', () => {
      for (const q of ['+44 20 7946 0018', '0044 20 7946 0018', '020 7946 0018', '(020) 7946-0018', '7946 0018']) {
        expect(matches({ q }), q).toBe(true);
      }
      expect(matches({ q: '020 7946 0019' })).toBe(false);
      // Two digits are too few to be a number: only the plain substring rule applies.
      expect(matches({ q: '18' }, { contactPhone: '+4420794600-1-8' })).toBe(false);
      expect(matches({ q: '4' }, textIn('contactPhone', '+447'))).toBe(true);
    });
    it('text that is not a number never matches by digits', () => {
      expect(matches({ q: 'call 7946 0018' })).toBe(false);
      expect(phoneDigitsOf('ada 123')).toEqual([]);
      expect(phoneDigitsOf('+1 (416) 555-0100')).toEqual(['14165550100']);
      expect(phoneDigitsOf('0044 20')).toEqual(['004420']);
    });
    it('a row with every searched field null never matches', () => {
      expect(matches({ q: 'a' }, textIn('summary', 'a'))).toBe(true);
      expect(matches({ q: 'a' }, { ...textIn('summary', 'a'), summary: null })).toBe(false);
    });
  });

  it('every filter must hold: one failing is enough to drop the row', () => {
    const all: ConversationFilters = {
      since: T,
      until: T + 1,
      channel: ['sms'],
      state: ['resolved'],
      q: 'ada',
      minDurationSec: 120,
      maxDurationSec: 120,
      successful: true,
      minRating: 3,
      maxRating: 3,
      tags: ['vip'],
    };
    expect(matches(all)).toBe(true);
    const failing: ConversationFilters[] = [
      { since: T + 1 },
      { until: T },
      { channel: ['voice'] },
      { state: ['human'] },
      { q: 'grace' },
      { minDurationSec: 121 },
      { maxDurationSec: 119 },
      { successful: false },
      { minRating: 4 },
      { maxRating: 2 },
      { tags: ['other'] },
    ];
    for (const change of failing) expect(matches({ ...all, ...change }), JSON.stringify(change)).toBe(false);
  });
});

describe('filterFingerprint', () => {
  const base: ConversationFilters = { since: T, channel: ['sms', 'voice'], tags: ['b', 'a'] };

  it('is short, url-safe and stable', () => {
    const print = filterFingerprint(base, ['tether']);
    expect(print).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(filterFingerprint({ ...base }, ['tether'])).toBe(print);
  });

  it('ignores list order and repeats in channel, state, tags and sources', () => {
    const print = filterFingerprint({ ...base, state: ['human', 'resolved'] }, ['tether', 'vapi']);
    expect(filterFingerprint({ since: T, channel: ['voice', 'sms', 'sms'], tags: ['a', 'b', 'a'], state: ['resolved', 'human'] }, ['vapi', 'tether', 'vapi'])).toBe(print);
  });

  it('changes with every filter and with the sources', () => {
    const variants: [ConversationFilters, string[]][] = [
      [{}, []],
      [{ since: T }, []],
      [{ since: T + 1 }, []],
      [{ until: T }, []],
      [{ channel: ['sms'] }, []],
      [{ channel: [] }, []],
      [{ state: ['human'] }, []],
      [{ q: 'ada' }, []],
      [{ minDurationSec: 1 }, []],
      [{ maxDurationSec: 1 }, []],
      [{ successful: true }, []],
      [{ successful: false }, []],
      [{ minRating: 1 }, []],
      [{ maxRating: 1 }, []],
      [{ tags: ['sms'] }, []],
      [{}, ['sms']],
      [{}, ['tether']],
      [{}, ['tether', 'vapi']],
    ];
    const prints = variants.map(([filters, sources]) => filterFingerprint(filters, sources));
    expect(new Set(prints).size).toBe(variants.length);
  });

  it('every filter the query parser gives changes it', () => {
    const parsed = parseFilters({
      since: '2026-01-01',
      until: '2026-02-01',
      channel: 'voice',
      state: 'human',
      q: 'ada',
      minDurationSec: 1,
      maxDurationSec: 9,
      successful: 'true',
      minRating: 1,
      maxRating: 5,
      tags: 'vip',
    });
    const withContact = { ...parsed, contact: 'tel:+14165550100' };
    const print = filterFingerprint(withContact, ['tether']);
    for (const name of Object.keys(withContact) as (keyof ConversationFilters)[]) {
      const { [name]: _dropped, ...without } = withContact;
      expect(filterFingerprint(without, ['tether']), name).not.toBe(print);
    }
  });

  it('takes every filter of the table, by its declared form', () => {
    const empty = filterFingerprint({}, ['tether']);
    for (const filter of FILTERS) {
      const value = filter.fingerprint === 'set' ? ['b', 'a'] : 'a';
      const print = filterFingerprint({ [filter.name]: value } as ConversationFilters, ['tether']);
      expect(print, filter.name).not.toBe(empty);
      if (filter.fingerprint === 'set') expect(filterFingerprint({ [filter.name]: ['a', 'b', 'a'] } as ConversationFilters, ['tether']), filter.name).toBe(print);
    }
  });

  it('is the one cursors and sync tokens were issued with before the filter table', () => {
    // Digests of the fingerprint as it was written before the table: a cursor issued then still fits.
    expect(filterFingerprint({}, [])).toBe('Ul9eoSrx8s8jstR1vPjVWb');
    expect(filterFingerprint({ since: T, channel: ['sms', 'voice'], tags: ['b', 'a'] }, ['tether'])).toBe('nbBqkGssnkZ4yAt-LsEyb1');
    const every: ConversationFilters = { since: T, until: T + 1, channel: ['voice'], state: ['human', 'resolved'], q: 'ada', minDurationSec: 1, maxDurationSec: 9, successful: true, minRating: 1, maxRating: 5, tags: ['vip'] };
    expect(filterFingerprint(every, ['tether', 'elevenlabs'])).toBe('Qk39GwHYBSC1PSwMqc2DGw');
    expect(filterFingerprint({ contact: 'tel:+14165550100' }, ['a', 'b'])).toBe('D-vMUk1TzIB3iHX6WwTSlg');
  });
});

describe('pushDownFiltersOf', () => {
  it('hands an adapter the filters the table marks for push-down, and no other', () => {
    const filters = parseFilters({ since: '2026-01-01', channel: 'voice', q: 'ada', minDurationSec: 1, maxDurationSec: 9, successful: 'false', minRating: 2, maxRating: 4, tags: 'vip' });
    expect(pushDownFiltersOf({ ...filters, contact: 'tel:+14165550100' })).toEqual({ minDurationSec: 1, maxDurationSec: 9, successful: false, minRating: 2, maxRating: 4, tags: ['vip'] });
    expect(pushDownFiltersOf({ since: T, state: ['human'] })).toEqual({});
  });
});

describe('readsSummary', () => {
  it('is true with a filter that searches the summary (q), and only then', () => {
    expect(readsSummary({ q: 'refund' })).toBe(true);
    expect(readsSummary({ tags: ['vip'], since: T, contact: 'mailto:ada@example.com' })).toBe(false);
  });
});

describe('parseFilters', () => {
  const problem = (query: Parameters<typeof parseFilters>[0]) => {
    try {
      parseFilters(query);
      return undefined;
    } catch (error) {
      return `${(error as { code?: string }).code} ${(error as Error).message}`;
    }
  };

  it('keeps each bound below its pair: since before until, a minimum not above its maximum', () => {
    expect(problem({ since: '2026-02-01', until: '2026-02-01' })).toBe('BAD_REQUEST since must be earlier than until');
    expect(problem({ since: '2026-02-01T00:00:00Z', until: '2026-02-01T00:00:00.001Z' })).toBeUndefined();
    expect(problem({ minDurationSec: 10, maxDurationSec: 9 })).toBe('BAD_REQUEST minDurationSec must not be greater than maxDurationSec');
    expect(problem({ minDurationSec: 9, maxDurationSec: 9 })).toBeUndefined();
    expect(problem({ minRating: 5, maxRating: 4 })).toBe('BAD_REQUEST minRating must not be greater than maxRating');
    expect(problem({ minRating: 4 })).toBeUndefined();
  });

  it('says what a list takes, and reads dates and flags', () => {
    expect(problem({ channel: 'sms,fax' })).toBe('BAD_REQUEST channel takes a comma list of voice, sms, email, webchat, whatsapp, instagram, messenger, other');
    expect(problem({ until: '2026-02-30' })).toMatch(/^BAD_REQUEST until must be an ISO 8601 date-time/);
    expect(parseFilters({ since: '2026-02-01', successful: 'false', q: 'ADA', tags: 'b, a,b' })).toEqual({ since: Date.UTC(2026, 1, 1), successful: false, q: 'ada', tags: ['b', 'a'] });
  });
});
