import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { signToken } from '../../src/auth/sign-token.js';
import { DEFAULT_RATE_LIMIT } from '../../src/config/gateway-config.js';
import { SandboxFaults } from '../../src/sandbox/sandbox-faults.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { buildExplorer } from '../../scripts/build-explorer.js';
import { TEST_NOW, TEST_SECRETS } from '../support/sandbox-app.js';

/** Debian's Chromium, installed by apt (`.ci/run` does it when missing); never a browser download. */
export const CHROMIUM = '/usr/bin/chromium';

/** The browser's zone: not UTC, and half an hour off, so a time shown in UTC by mistake shows. */
export const VIEWER_ZONE_ID = 'Asia/Kolkata';
/** How the page may name it: Chromium gives the older alias. */
export const VIEWER_ZONE = /Asia\/(Kolkata|Calcutta)/;
export const VIEWER_OFFSET_MS = 5.5 * 3_600_000;

export interface ExplorerHarness {
  url: string;
  app: FastifyInstance;
  world: SandboxWorld;
  /** The ADMIN token the sandbox offers on the page. */
  token: string;
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The sandbox's simulators and a gateway listening on 127.0.0.1 (any free port) with a
 * freshly built explorer, and headless Chromium with a fresh profile. The vendor-page cache
 * is off so that every page shows what the simulators answer at that moment.
 */
export async function startExplorerHarness(): Promise<ExplorerHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const scratch = await mkdtemp(join(tmpdir(), 'explorer-test-'));
  const assets = join(scratch, 'assets');
  await buildExplorer(assets);
  const world = await startSandboxWorld({ modules: adapterModules, seed: 7, now: TEST_NOW, secrets: TEST_SECRETS });
  world.config.rateLimit = { ...DEFAULT_RATE_LIMIT, enabled: false };
  for (const connection of Object.values(world.config.connections)) connection.cacheTtlMs = 0;
  const token = signToken(TEST_SECRETS.jwt, { sub: 'explorer-test', org: 'acme', role: 'ADMIN' });
  const app = await buildApp({
    config: world.config,
    adapters: adapterModules,
    explorer: { sandboxToken: token, assets },
    sandboxFaults: new SandboxFaults(world.simulators),
  });
  let context: BrowserContext | undefined;
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      viewport: { width: 1280, height: 800 },
      timezoneId: VIEWER_ZONE_ID,
    });
    const browser = context;
    return {
      url,
      app,
      world,
      token,
      context: browser,
      newPage: async (viewport) => {
        const page = await browser.newPage();
        if (viewport) await page.setViewportSize(viewport);
        return page;
      },
      close: async () => {
        await browser.close();
        await app.close();
        await world.close();
        await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await app.close();
    await world.close();
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Scrolls the list until its end line shows, each time waiting for the next page, never
 * for a fixed time. A page that could not be read (a loaded machine can make every vendor
 * miss the deadline) is tried again with the banner's button, as a person would, a few
 * times at most.
 */
export async function scrollToEnd(page: Page, retries = 3): Promise<void> {
  let retried = 0;
  for (;;) {
    if (await page.locator('p.end').isVisible()) return;
    const banner = page.locator('.error-banner');
    if (await banner.isVisible()) {
      if (retried === retries) throw new Error(`the list stopped at an error: ${await banner.textContent()}`);
      retried += 1;
      await banner.getByRole('button', { name: 'Try again' }).click();
      await banner.waitFor({ state: 'detached' });
    }
    const shown = await page.locator('tr.row[data-row-id]').count();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page
      .waitForFunction(
        (before) =>
          document.querySelectorAll('tr.row[data-row-id]').length > before ||
          document.querySelector('p.end') !== null ||
          document.querySelector('.error-banner') !== null,
        shown,
      )
      .catch(async (error: Error) => {
        const loading = await page.locator('tbody.skeleton').count();
        throw new Error(`no next page after ${shown} rows (${loading ? 'still loading' : 'not loading'}): ${error.message}`);
      });
  }
}

export async function shownRowIds(page: Page): Promise<string[]> {
  return page.locator('tr.row[data-row-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-id')!));
}

/** Signs in the way a person does: the sandbox's one-click button. */
export async function signInWithSandboxToken(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/explorer`);
  await page.getByRole('button', { name: 'Use the sandbox ADMIN token' }).click();
  await page.getByRole('list', { name: 'Agents' }).waitFor();
}
