import { createHash, createHmac } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/cursor/cursor-codec.js';
import type { WalkCursor } from '../../src/cursor/walk-cursor.js';

const SECRET = 'unit-cursor-secret-0123456789abcdef';
const OTHER = 'unit-cursor-other-0123456789abcdef';
const NOW = Date.UTC(2026, 10, 1, 12);

const CURSOR: WalkCursor = {
  agentId: 'agent-a',
  org: 'org-a',
  filters: 'fingerprint-a',
  expiresAt: NOW + 60_000,
  boundary: { t: NOW - 1_000, id: 'tether:42' },
  sources: { tether: { page: 3, pageSize: 20, known: 2, head: { t: NOW - 2_000, id: 'tether:43' }, headIsRow: true } },
};
const EXPECTED = { agentId: 'agent-a', org: 'org-a', filters: 'fingerprint-a', now: NOW };

/** The error code `decode` throws, or 'ok'. */
function outcome(codec: CursorCodec, token: string, expected: Partial<typeof EXPECTED> = {}): string {
  try {
    codec.decode(token, { ...EXPECTED, ...expected });
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/**
 * A token signed with a real secret around any body, written from the documented token
 * shape (`body.keyId.signature`) so the tests can hand the codec well-signed nonsense.
 */
function signedToken(secret: string, json: string | Buffer): string {
  const body = deflateRawSync(typeof json === 'string' ? Buffer.from(json, 'utf8') : json).toString('base64url');
  const keyId = createHash('sha256').update(secret).digest('base64url').slice(0, 6);
  return `${body}.${keyId}.${createHmac('sha256', secret).update(`${keyId}.${body}`).digest('base64url')}`;
}

/*
 * Codecs and tokens are made in hooks and tests, never while the file is collected: a
 * constructor that throws at collection fails no test, so it would pass unnoticed.
 */
describe('cursor codec', () => {
  let codec: CursorCodec;
  beforeEach(() => {
    codec = new CursorCodec([SECRET]);
  });

  it('round-trips a cursor as three dot-separated base64url parts', () => {
    const token = codec.encode(CURSOR);
    expect(token.split('.')).toHaveLength(3);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{43}$/);
    expect(codec.decode(token, EXPECTED)).toEqual(CURSOR);
  });

  it('refuses empty secret lists and empty secrets', () => {
    expect(() => new CursorCodec([])).toThrow(/must not be empty/);
    expect(() => new CursorCodec([SECRET, ''])).toThrow(/must not be empty/);
    expect(() => new CursorCodec([''])).toThrow(/must not be empty/);
    // Any list of non-empty secrets makes a working codec, one secret or several.
    for (const secrets of [[SECRET], [SECRET, OTHER], ['x']]) {
      const made = new CursorCodec(secrets);
      expect(made.decode(made.encode(CURSOR), EXPECTED)).toEqual(CURSOR);
    }
  });

  describe('binding: each field alone makes a mismatch', () => {
    let token: string;
    beforeEach(() => {
      token = codec.encode(CURSOR);
    });
    it('another agent', () => expect(outcome(codec, token, { agentId: 'agent-b' })).toBe('CURSOR_MISMATCH'));
    it('another organization', () => expect(outcome(codec, token, { org: 'org-b' })).toBe('CURSOR_MISMATCH'));
    it('other filters', () => expect(outcome(codec, token, { filters: 'fingerprint-b' })).toBe('CURSOR_MISMATCH'));
    it('the same agent, organization and filters', () => expect(outcome(codec, token)).toBe('ok'));
    it('says which binding failed', () => {
      expect(() => codec.decode(token, { ...EXPECTED, agentId: 'agent-b' })).toThrow(/another agent or organization/);
      expect(() => codec.decode(token, { ...EXPECTED, org: 'org-b' })).toThrow(/another agent or organization/);
      expect(() => codec.decode(token, { ...EXPECTED, filters: 'x' })).toThrow(/filters differ/);
    });
  });

  describe('expiry', () => {
    let token: string;
    beforeEach(() => {
      token = codec.encode(CURSOR);
    });
    it('is valid one millisecond before it expires', () => expect(outcome(codec, token, { now: CURSOR.expiresAt - 1 })).toBe('ok'));
    it('has expired at exactly its expiry', () => expect(outcome(codec, token, { now: CURSOR.expiresAt })).toBe('CURSOR_EXPIRED'));
    it('has expired after it', () => expect(outcome(codec, token, { now: CURSOR.expiresAt + 1 })).toBe('CURSOR_EXPIRED'));
    it('is checked before the binding: an expired cursor of another agent is expired', () => {
      expect(outcome(codec, token, { now: CURSOR.expiresAt, agentId: 'agent-b' })).toBe('CURSOR_EXPIRED');
    });
  });

  describe('signature and key rotation', () => {
    it('a token signed with the old secret is accepted while the old secret is listed second', () => {
      const old = new CursorCodec([OTHER]).encode(CURSOR);
      expect(outcome(new CursorCodec([SECRET, OTHER]), old)).toBe('ok');
      expect(outcome(new CursorCodec([SECRET]), old)).toBe('INVALID_CURSOR');
    });

    it('signs with the first secret only', () => {
      const rotated = new CursorCodec([SECRET, OTHER]).encode(CURSOR);
      expect(rotated.split('.')[1]).toBe(codec.encode(CURSOR).split('.')[1]);
      expect(outcome(new CursorCodec([SECRET]), rotated)).toBe('ok');
      expect(outcome(new CursorCodec([OTHER]), rotated)).toBe('INVALID_CURSOR');
    });

    it('refuses a known key id over a signature made with another secret', () => {
      const [body, keyId] = codec.encode(CURSOR).split('.');
      const forged = createHmac('sha256', OTHER).update(`${keyId}.${body}`).digest('base64url');
      expect(outcome(codec, `${body}.${keyId}.${forged}`)).toBe('INVALID_CURSOR');
    });

    it('refuses a changed body, key id or signature', () => {
      const [body, keyId, signature] = codec.encode(CURSOR).split('.') as [string, string, string];
      const other = codec.encode({ ...CURSOR, agentId: 'agent-b' }).split('.')[0];
      expect(outcome(codec, `${other}.${keyId}.${signature}`)).toBe('INVALID_CURSOR');
      expect(outcome(codec, `${body}.AAAAAA.${signature}`)).toBe('INVALID_CURSOR');
      expect(outcome(codec, `${body}.${keyId}.${signature.slice(0, -1)}`)).toBe('INVALID_CURSOR');
      expect(outcome(codec, `${body}.${keyId}.${signature}A`)).toBe('INVALID_CURSOR');
      expect(outcome(codec, `${body}.${keyId}.`)).toBe('INVALID_CURSOR');
    });

    it('refuses tokens of the wrong part count', () => {
      const token = codec.encode(CURSOR);
      expect(outcome(codec, '')).toBe('INVALID_CURSOR');
      expect(outcome(codec, token.split('.').slice(0, 2).join('.'))).toBe('INVALID_CURSOR');
      expect(outcome(codec, `${token}.extra`)).toBe('INVALID_CURSOR');
    });
  });

  describe('well signed but not a cursor', () => {
    it('the signing helper agrees with the codec (a real cursor passes)', () => {
      expect(outcome(codec, signedToken(SECRET, JSON.stringify(CURSOR)))).toBe('ok');
    });

    const wrongShapes: [string, unknown][] = [
      ['null', null],
      ['a number', 42],
      ['a string', 'cursor'],
      ['an array', []],
      ['no agentId', { ...CURSOR, agentId: undefined }],
      ['a numeric agentId', { ...CURSOR, agentId: 1 }],
      ['no org', { ...CURSOR, org: undefined }],
      ['no filters', { ...CURSOR, filters: undefined }],
      ['a string expiresAt', { ...CURSOR, expiresAt: String(CURSOR.expiresAt) }],
      ['no expiresAt', { ...CURSOR, expiresAt: undefined }],
      ['a null boundary', { ...CURSOR, boundary: null }],
      ['a string boundary', { ...CURSOR, boundary: 'tether:42' }],
      ['a boundary without id', { ...CURSOR, boundary: { t: 1 } }],
      ['a boundary with a numeric id', { ...CURSOR, boundary: { t: 1, id: 7 } }],
      ['no sources', { ...CURSOR, sources: undefined }],
      ['null sources', { ...CURSOR, sources: null }],
      ['string sources', { ...CURSOR, sources: 'tether' }],
    ];
    for (const [name, value] of wrongShapes) {
      it(`refuses ${name}`, () => {
        // Arrays pass `typeof object`; an array has no agentId, so it fails there.
        expect(outcome(codec, signedToken(SECRET, JSON.stringify(value)))).toBe('INVALID_CURSOR');
      });
    }

    it('accepts a cursor without a boundary (before the first row)', () => {
      const { boundary: _boundary, ...first } = CURSOR;
      expect(outcome(codec, signedToken(SECRET, JSON.stringify(first)))).toBe('ok');
    });

    it('refuses a body that is not deflated JSON', () => {
      expect(outcome(codec, signedToken(SECRET, '{"agentId":'))).toBe('INVALID_CURSOR');
      const raw = Buffer.from('not deflated at all').toString('base64url');
      const keyId = createHash('sha256').update(SECRET).digest('base64url').slice(0, 6);
      const signature = createHmac('sha256', SECRET).update(`${keyId}.${raw}`).digest('base64url');
      expect(outcome(codec, `${raw}.${keyId}.${signature}`)).toBe('INVALID_CURSOR');
    });

    it('refuses a signed body that inflates past 64 KiB, and accepts one just under it', () => {
      const padded = (bytes: number) => {
        const json = JSON.stringify({ ...CURSOR, pad: '' });
        return JSON.stringify({ ...CURSOR, pad: 'x'.repeat(bytes - json.length) });
      };
      expect(padded(64 * 1024)).toHaveLength(64 * 1024);
      expect(outcome(codec, signedToken(SECRET, padded(64 * 1024)))).toBe('ok');
      expect(outcome(codec, signedToken(SECRET, padded(64 * 1024 + 1)))).toBe('INVALID_CURSOR');
      expect(outcome(codec, signedToken(SECRET, padded(10 * 1024 * 1024)))).toBe('INVALID_CURSOR');
    });
  });
});
