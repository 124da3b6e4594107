import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { nearestName } from '../../src/config/nearest-name.js';

const ENV = { JWT: 'a-jwt-secret-of-32-characters-ok', CURSOR: 'a-cursor-secret-long-enough-too', SHORT: 'a', KEY: 'vendor-key-1' };

function config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    auth: { mode: 'jwt', secret: '${JWT}' },
    cursor: { secret: '${CURSOR}' },
    connections: { chatdash: { adapter: 'chatdash', baseUrl: 'https://api.chat-dash.com/v1/public', apiKey: '${KEY}' } },
    agents: { bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'chatdash', agentId: 'x' }] } },
    ...overrides,
  };
}

function problemsOf(document: Record<string, unknown>): string[] {
  try {
    parseConfig(JSON.stringify(document), 'test.json', ENV);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration problems in plain words', () => {
  it('accepts the base config', () => {
    expect(problemsOf(config())).toEqual([]);
  });

  it('refuses HMAC secrets shorter than 16 characters, naming the field and never the value', () => {
    const problems = problemsOf(config({ auth: { mode: 'jwt', secret: '${SHORT}' }, cursor: { secrets: ['${CURSOR}', '${SHORT}'] } }));
    expect(problems).toEqual([
      'auth.secret: is 1 characters long; use at least 16 (for example the output of: openssl rand -base64 32)',
      'cursor.secrets[1]: is 1 characters long; use at least 16 (for example the output of: openssl rand -base64 32)',
    ]);
  });

  it('suggests the nearest known field for an unknown one', () => {
    const problems = problemsOf(
      config({
        limts: {},
        server: { prot: 8080 },
        connections: {
          chatdash: { adapter: 'chatdash', baseUrl: 'https://api.chat-dash.com/v1/public', apiKey: '${KEY}', timeoutMS: 100, color: 'red' },
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'limts: is not a known field (did you mean limits?)',
        'server.prot: is not a known field (did you mean port?)',
        'connections.chatdash.timeoutMS: is not a known field (did you mean timeoutMs?)',
        'connections.chatdash.color: is not a known field',
      ]),
    );
  });

  it('says what a URL or a name must look like, without a regular expression', () => {
    const problems = problemsOf(
      config({
        connections: { 'bad name!': { adapter: 'chatdash', baseUrl: 'ftp://nowhere', apiKey: '${KEY}' } },
        telemetry: { otlp: { url: 'collector:4318' } },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'connections.bad name!.baseUrl: must be an http:// or https:// URL',
        'telemetry.otlp.url: must be an http:// or https:// URL',
      ]),
    );
    for (const problem of problems) expect(problem).not.toMatch(/\^|\[\^|\\s|pattern/);
  });

  it('words ranges and choices plainly', () => {
    const problems = problemsOf(config({ server: { port: 70_000 }, auth: { mode: 'magic' }, cursor: { secret: '${CURSOR}', ttlSeconds: 1.5 } }));
    expect(problems).toEqual(
      expect.arrayContaining(['server.port: must be at most 65535', 'auth.mode: must be one of jwt, none', 'cursor.ttlSeconds: must be a whole number']),
    );
  });
});

describe('nearestName', () => {
  it('finds one edit or a swap, ignores case, and gives up on far names', () => {
    expect(nearestName('retires', ['retries', 'timeoutMs'])).toBe('retries');
    expect(nearestName('CACHETTLMS', ['cacheTtlMs'])).toBe('cacheTtlMs');
    expect(nearestName('xyz', ['retries', 'timeoutMs'])).toBeUndefined();
  });
});
