import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { getStalled } from '../support/monitor-walk.js';
import { startSandboxApp, TEST_NOW } from '../support/sandbox-app.js';

const ENV = { JWT: 'jwt-secret-0123456789abcdef', CURSOR: 'cursor-secret-0123456789abcdef', KEY: 'key-0123456789' };

function configWith(monitor: string): string {
  return `auth: { mode: jwt, secret: \${JWT} }
cursor: { secret: \${CURSOR} }
${monitor}
connections:
  chatdash: { adapter: chatdash, baseUrl: https://api.chat-dash.com/v1/public, apiKey: \${KEY} }
agents:
  bot: { name: Bot, org: acme, sources: [{ connection: chatdash, agentId: a1 }] }
`;
}

describe('monitor.thresholdMinutes', () => {
  it('defaults to 30 and is read from the config', () => {
    expect(parseConfig(configWith(''), 'test', ENV).monitor).toEqual({ thresholdMinutes: 30 });
    expect(parseConfig(configWith('monitor: { thresholdMinutes: 45 }'), 'test', ENV).monitor).toEqual({ thresholdMinutes: 45 });
  });

  it('refuses a threshold that is not a positive integer, and unknown monitor fields', () => {
    for (const monitor of ['monitor: { thresholdMinutes: 0 }', 'monitor: { thresholdMinutes: soon }', 'monitor: { threshold: 5 }']) {
      expect(() => parseConfig(configWith(monitor), 'test', ENV), monitor).toThrow(ConfigError);
    }
  });

  it('is the default of a request that names no threshold', async () => {
    const sandbox = await startSandboxApp({ now: () => TEST_NOW, adjust: (config) => (config.monitor = { thresholdMinutes: 120 }) });
    try {
      expect((await getStalled(sandbox.app, sandbox.token())).body.data.thresholdMinutes).toBe(120);
      expect((await getStalled(sandbox.app, sandbox.token(), { thresholdMinutes: '5' })).body.data.thresholdMinutes).toBe(5);
    } finally {
      await sandbox.close();
    }
  });
});
