import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';

const ENV = {
  JWT_SECRET: 'jwt-secret-0123456789abcdef',
  CURSOR_SECRET: 'cursor-secret-0123456789abcd',
  KEY: 'vendor-key-0001',
  HOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  OLD_HOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  SHORT_SECRET: `whsec_${randomBytes(8).toString('base64')}`,
  PLAIN_SECRET: 'not-a-standard-webhooks-secret',
};

function document(webhooks: unknown): Record<string, unknown> {
  return {
    auth: { mode: 'jwt', secret: '${JWT_SECRET}' },
    cursor: { secret: '${CURSOR_SECRET}' },
    connections: { cc: { adapter: 'convocore', baseUrl: 'https://eu-gcp-api.vg-stuff.com/v3', apiKey: '${KEY}' } },
    agents: {
      bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'cc', agentId: 'a1' }] },
      rival: { name: 'Rival', org: 'globex', sources: [{ connection: 'cc', agentId: 'a2' }] },
    },
    webhooks,
  };
}

const parse = (webhooks: unknown) => parseConfig(JSON.stringify(document(webhooks)), 'test.json', ENV);

function problemsOf(webhooks: unknown): string[] {
  try {
    parse(webhooks);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    for (const secret of Object.values(ENV)) expect((error as ConfigError).message).not.toContain(secret);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('webhooks in the config', () => {
  it('fills in the poll interval, every agent of the org and both events', () => {
    const config = parse({ subscriptions: { crm: { url: 'https://hooks.example.com/in', secret: '${HOOK_SECRET}', org: 'acme' } } });
    expect(config.webhooks).toEqual({
      pollIntervalSeconds: 60,
      maxVendorCallsPerPoll: 100,
      subscriptions: {
        crm: { url: 'https://hooks.example.com/in', secrets: [ENV.HOOK_SECRET], org: 'acme', agents: 'all', events: ['conversation.created', 'conversation.updated'] },
      },
    });
  });

  it('takes two secrets while one rotates', () => {
    const config = parse({ subscriptions: { crm: { url: 'https://hooks.example.com/in', secrets: ['${HOOK_SECRET}', '${OLD_HOOK_SECRET}'], org: 'acme', agents: ['bot'] } } });
    expect(config.webhooks!.subscriptions.crm!.secrets).toEqual([ENV.HOOK_SECRET, ENV.OLD_HOOK_SECRET]);
  });

  it('refuses a secret written into the file, a missing one, one of the wrong form and a third one, by path', () => {
    const url = 'https://hooks.example.com/in';
    const problems = problemsOf({
      subscriptions: {
        literal: { url, secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', org: 'acme' },
        missing: { url, org: 'acme' },
        plain: { url, secret: '${PLAIN_SECRET}', org: 'acme' },
        short: { url, secrets: ['${HOOK_SECRET}', '${SHORT_SECRET}'], org: 'acme' },
        three: { url, secrets: ['${HOOK_SECRET}', '${OLD_HOOK_SECRET}', '${HOOK_SECRET}'], org: 'acme' },
      },
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'webhooks.subscriptions.literal.secret',
      'webhooks.subscriptions.missing.secret',
      'webhooks.subscriptions.plain.secret',
      'webhooks.subscriptions.short.secrets[1]',
      'webhooks.subscriptions.three.secrets',
    ]);
  });

  it("refuses another org's agent, an unknown agent and an unknown event", () => {
    const problems = problemsOf({
      subscriptions: { crm: { url: 'https://hooks.example.com/in', secret: '${HOOK_SECRET}', org: 'acme', agents: ['bot', 'rival', 'ghost'], events: ['conversation.deleted'] } },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'webhooks.subscriptions.crm.agents[1]: agent "rival" is not of org "acme"',
        'webhooks.subscriptions.crm.agents[2]: no agent named "ghost"',
      ]),
    );
    expect(problems.some((problem) => problem.startsWith('webhooks.subscriptions.crm.events[0]'))).toBe(true);
  });

  it('refuses a poll interval below a second and a url that is not http(s)', () => {
    const problems = problemsOf({ pollIntervalSeconds: 0, subscriptions: { crm: { url: 'ftp://x', secret: '${HOOK_SECRET}', org: 'acme' } } });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['webhooks.pollIntervalSeconds', 'webhooks.subscriptions.crm.url']);
  });
});
