import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { EXPLORER_CSP } from '../../src/http/security-headers.js';
import type { ExplorerOptions } from '../../src/routes/explorer-route.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { buildExplorer, explorerIsCurrent, type ExplorerBuild } from '../../scripts/build-explorer.js';
import { TEST_NOW, TEST_SECRETS } from '../support/sandbox-app.js';

let scratch: string;
let built: ExplorerBuild;
let world: SandboxWorld;
const apps: FastifyInstance[] = [];

async function appWith(explorer: ExplorerOptions): Promise<FastifyInstance> {
  const app = await buildApp({ config: world.config, adapters: adapterModules, explorer });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'explorer-route-'));
  built = await buildExplorer(join(scratch, 'assets'));
  world = await startSandboxWorld({ modules: adapterModules, seed: 7, now: TEST_NOW, secrets: TEST_SECRETS });
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await world?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('/explorer', () => {
  it('serves the page, its script and its style sheet under a CSP that allows this origin only', async () => {
    const app = await appWith({ assets: join(scratch, 'assets') });
    for (const [url, type] of [
      ['/explorer', 'text/html'],
      ['/explorer/?agent=support-bot&channel=sms', 'text/html'],
      ['/explorer/app.js', 'text/javascript'],
      ['/explorer/app.css', 'text/css'],
      ['/explorer/favicon.svg', 'image/svg+xml'],
    ] as const) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain(type);
      expect(response.headers['content-security-policy'], url).toBe(EXPLORER_CSP);
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect(EXPLORER_CSP).toContain("script-src 'self';");
    expect(EXPLORER_CSP).toContain("frame-ancestors 'none'");
    expect(EXPLORER_CSP).not.toContain('unsafe-inline');
    // The API keeps its own, stricter policy.
    expect((await app.inject({ url: '/healthz' })).headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('the built page has no inline script or style and loads nothing from another origin', async () => {
    const html = await readFile(join(scratch, 'assets', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1])).toEqual(['/explorer/favicon.svg', '/explorer/app.css', '/explorer/app.js']);
  });

  it('the bundle stays under 100 KB gzipped', () => {
    const total = built.files.reduce((sum, file) => sum + file.gzipBytes, 0);
    expect(built.files.map((file) => file.name)).toEqual(['index.html', 'app.js', 'app.css', 'favicon.svg']);
    expect(total).toBeLessThan(100 * 1024);
  });

  it('offers a token only where the sandbox gave one, and never lists the route in the API document', async () => {
    const configured = await appWith({ assets: join(scratch, 'assets') });
    expect((await configured.inject({ url: '/explorer/sandbox-token' })).statusCode).toBe(404);

    const sandbox = await appWith({ assets: join(scratch, 'assets'), sandboxToken: 'sandbox-admin-token' });
    const offered = await sandbox.inject({ url: '/explorer/sandbox-token' });
    expect(offered.statusCode).toBe(200);
    expect(offered.json()).toEqual({ token: 'sandbox-admin-token' });
    expect(offered.headers['cache-control']).toBe('no-store');
    const paths = Object.keys((sandbox.swagger() as { paths: Record<string, unknown> }).paths);
    expect(paths.filter((path) => path.startsWith('/explorer'))).toEqual([]);
  });

  it('a build is current until a file it read changes or an output goes missing (npm start builds only then)', async () => {
    const assets = join(scratch, 'assets');
    expect(built.inputs).toEqual(expect.arrayContaining(['explorer/src/main.tsx', 'explorer/app.css', 'explorer/index.html', 'src/contract/row.ts']));
    expect(await explorerIsCurrent(assets)).toBe(true);
    const record = await readFile(join(assets, 'build.json'), 'utf8');
    // A digest that no longer matches is what an edited input looks like.
    await writeFile(join(assets, 'build.json'), record.replace(built.inputsDigest, '0'.repeat(64)));
    expect(await explorerIsCurrent(assets)).toBe(false);
    await writeFile(join(assets, 'build.json'), record);
    expect(await explorerIsCurrent(assets)).toBe(true);
    expect(await explorerIsCurrent(join(scratch, 'nothing-here'))).toBe(false);
  });

  it('says how to build the page when it has not been built', async () => {
    const app = await appWith({ assets: join(scratch, 'nothing-here') });
    const response = await app.inject({ url: '/explorer' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:explorer');
  });
});
