import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile } from '../../src/config/load-config.js';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  init?: boolean;
  ports?: string[];
  environment?: Record<string, string>;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const haproxy = read('deploy/haproxy.cfg');

/** An exact release (`7.4.11-alpine3.21`), optionally with a digest; never `7-alpine` or `latest`. */
const PINNED = /^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?$/;

describe('the fleet files (docker-compose.yml, deploy/haproxy.cfg, examples/gateway.fleet.yaml)', () => {
  it('pin every image to an exact release, the gateway image\'s base included', () => {
    const images = Object.values(compose.services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(PINNED);
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(read('Dockerfile'))?.[1];
    expect(base).toMatch(PINNED);
  });

  it('leave PID 1 to the image\'s tini: no init: true beside it', () => {
    expect(read('Dockerfile')).toMatch(/ENTRYPOINT \["\/usr\/bin\/tini", "--"\]/);
    for (const [name, service] of Object.entries(compose.services)) expect(service.init, name).toBeUndefined();
  });

  it('publish HAProxy\'s statistics page on the host\'s loopback only, and behind a password', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    const stats = published.filter((port) => port.endsWith(':8404'));
    expect(stats).toEqual(['127.0.0.1:8404:8404']);
    const section = haproxy.slice(haproxy.indexOf('frontend statistics'));
    expect(section).toMatch(/^\s+stats auth "stats:\$\{HAPROXY_STATS_PASSWORD\}"$/m);
    expect(compose.services['load-balancer']!.environment).toHaveProperty('HAPROXY_STATS_PASSWORD');
  });

  it('keep /metrics off the balanced port: a listener of its own that HAProxy does not forward, behind a token', async () => {
    const variables = ['GATEWAY_JWT_SECRET', 'GATEWAY_CURSOR_SECRET', 'CONVOCORE_KEY', 'CHATDASH_KEY', 'XI_API_KEY', 'TETHER_TOKEN', 'METRICS_TOKEN'];
    const env: Record<string, string> = { ...Object.fromEntries(variables.map((name) => [name, `${name.toLowerCase()}-0123456789abcdef`])), REDIS_URL: 'redis://redis:6379' };
    const config = await loadConfigFile(join(root, 'examples', 'gateway.fleet.yaml'), env);
    expect(config.metrics).toEqual({ port: 9464, host: '0.0.0.0', token: env.METRICS_TOKEN });
    const forwarded = [...haproxy.matchAll(/^\s+server \S+ \S+:(\d+)/gm)].map((match) => Number(match[1]));
    expect(forwarded).toEqual([config.server.port, config.server.port, config.server.port]);
    expect(forwarded).not.toContain(config.metrics!.port);
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.some((port) => port.endsWith(`:${config.metrics!.port}`))).toBe(false);
    for (const gateway of ['gateway-1', 'gateway-2', 'gateway-3']) expect(compose.services[gateway]!.environment).toHaveProperty('METRICS_TOKEN');
  });
});
