import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCounts } from '../support/counts.js';
import { walkStalled } from '../support/monitor-walk.js';
import { walkAll, walkAllAt } from '../support/walk.js';
import {
  scrollToEnd,
  shownRowIds,
  signInWithSandboxToken,
  startExplorerHarness,
  VIEWER_OFFSET_MS,
  VIEWER_ZONE,
  type ExplorerHarness,
} from './explorer-harness.js';

/**
 * The explorer in a real browser (Debian's Chromium, headless) against the sandbox. Every
 * wait is for a condition on the page, never for a fixed time, so a loaded machine only
 * makes it slower. `EXPLORER_SCREENSHOTS=1` also writes the README's screenshots to docs/.
 */

const SCREENSHOTS = process.env.EXPLORER_SCREENSHOTS === '1' ? join(import.meta.dirname, '..', '..', 'docs') : undefined;
/** support-bot's sources as the sandbox binds them (one per registered vendor): no list to keep in step here. */
const supportBotSources = () => (harness.world.bindings.get('support-bot') ?? []).map((binding) => binding.connection);

let harness: ExplorerHarness;
let page: Page;
const policyViolations: string[] = [];

async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  const opened = await harness.newPage(viewport);
  opened.setDefaultTimeout(60_000);
  opened.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) policyViolations.push(message.text());
  });
  opened.on('pageerror', (error) => policyViolations.push(`page error: ${error.message}`));
  return opened;
}

async function screenshot(target: Page, name: string, height?: number): Promise<void> {
  const size = target.viewportSize()!;
  if (SCREENSHOTS) await target.screenshot({ path: join(SCREENSHOTS, name), clip: { x: 0, y: 0, width: size.width, height: height ?? size.height } });
}

beforeAll(async () => {
  harness = await startExplorerHarness();
  page = await openPage();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

// A browser on a loaded two-core machine is slow, not wrong: every test may take minutes.
describe('the explorer in a browser, against the sandbox', { timeout: 180_000 }, () => {
  it('signs in with the sandbox token in one click and lists the agents the token may read', async () => {
    await signInWithSandboxToken(page, harness.url);
    const agents = await page.locator('[data-agent]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-agent')));
    expect(agents).toEqual(['support-bot', 'sales-bot']);
    expect(page.url()).not.toContain(harness.token);
    // The token, and that this gateway is the sandbox (so the page offers the fault switch).
    expect(await page.evaluate(() => ({ ...sessionStorage }))).toEqual({ 'gateway-explorer-token': harness.token, 'gateway-explorer-sandbox': 'yes' });
  });

  it("shows support-bot's whole merged list, the same rows as an API walk, with six sources ok on every page", async () => {
    await page.locator('[data-agent="support-bot"]').click();
    await page.waitForURL(/\?agent=support-bot$/);
    await page.locator('tr.row[data-row-id]').first().waitFor();
    await page.locator('div.counts[data-total]').waitFor();
    await screenshot(page, 'explorer-list.png', 640);
    await scrollToEnd(page);

    const api = await walkAll(harness.app, harness.token, 'support-bot', { limit: '100', duplicates: 'hide' });
    const shown = await shownRowIds(page);
    expect(shown).toEqual(api.rows.map((row) => row.id));
    expect(await page.locator('p.end').getAttribute('data-rows')).toBe(String(api.rows.length));
    // A call ChatDash imported shows once, as its original, with a badge for the copy's source.
    const linked = await page.locator('.badge.linked').evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-linked-id')));
    expect(linked.length).toBeGreaterThan(0);
    expect(linked).toEqual(api.rows.flatMap((row) => row.linkedIds));

    const chipsPerPage = await page.locator('tbody.page').evaluateAll((pages) =>
      pages.map((group) => [...group.querySelectorAll('.chip')].map((chip) => `${chip.getAttribute('data-source')}=${chip.getAttribute('data-status')}`)),
    );
    expect(chipsPerPage.length).toBe(Math.ceil(api.rows.length / 50));
    // A source with nothing left before the page's last row is not read for it ("skipped").
    for (const chips of chipsPerPage) {
      expect(chips.map((chip) => chip.split('=')[0]).sort()).toEqual(supportBotSources().sort());
      expect(chips.every((chip) => chip.endsWith('=ok') || chip.endsWith('=skipped'))).toBe(true);
    }
    expect(chipsPerPage[0]!.every((chip) => chip.endsWith('=ok'))).toBe(true);
    expect(await page.locator('.partial-banner').count()).toBe(0);
  });

  it('sends the first page request before the page has rendered (timing printed, not asserted)', async () => {
    const samples: { requestAtMs: number; apiMs: number; afterResponseMs: number; firstRowsMs: number }[] = [];
    for (let run = 0; run < 5; run += 1) {
      await page.goto(`${harness.url}/explorer?agent=support-bot`);
      await page.waitForFunction(() => performance.getEntriesByName('explorer:first-rows').length > 0);
      samples.push(
        await page.evaluate(() => {
          const shown = performance.getEntriesByName('explorer:first-rows')[0]!.startTime;
          const request = performance
            .getEntriesByType('resource')
            .find((entry) => entry.name.includes('/conversations?') && !entry.name.includes('cursor=')) as PerformanceResourceTiming;
          return {
            requestAtMs: request.startTime,
            apiMs: request.responseEnd - request.startTime,
            afterResponseMs: shown - request.responseEnd,
            firstRowsMs: shown,
          };
        }),
      );
    }
    const median = (name: keyof (typeof samples)[number]) => [...samples.map((sample) => sample[name])].sort((a, b) => a - b)[2]!.toFixed(0);
    process.stdout.write(
      `explorer first rows (median of 5, ms after navigation): request sent at ${median('requestAtMs')}, ` +
        `API answered in ${median('apiMs')}, rows painted ${median('afterResponseMs')} after the answer, ${median('firstRowsMs')} in all\n`,
    );
    expect(samples.every((sample) => sample.afterResponseMs >= 0)).toBe(true);
    // Exactly one first-page request: the early one was taken by the list, not sent twice.
    const firstPages = await page.evaluate(
      () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/conversations?') && !entry.name.includes('cursor=')).length,
    );
    expect(firstPages).toBe(1);
  });

  it('applies a filter: the URL carries it, a reload keeps it and the rows equal the filtered API walk', async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot`);
    await page.locator('tr.row[data-row-id]').first().waitFor();
    await page.getByText('Filters', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'sms' }).check();
    await page.getByRole('checkbox', { name: 'resolved' }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/channel=sms/);
    expect(new URL(page.url()).search).toBe('?agent=support-bot&channel=sms&state=resolved');

    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: 'sms' }).isChecked()).toBe(true);
    await scrollToEnd(page);
    const api = await walkAll(harness.app, harness.token, 'support-bot', { limit: '100', channel: 'sms', state: 'resolved' });
    expect(api.rows.length).toBeGreaterThan(0);
    expect(await shownRowIds(page)).toEqual(api.rows.map((row) => row.id));
    const cells = await page.locator('tr.row[data-row-id] td.col-channel').allTextContents();
    expect(new Set(cells)).toEqual(new Set(['sms']));
  });

  it('shows the counts of the filter above the list and beside each filter option, as the counts endpoint gives them; a count cut short is marked as a lower bound', async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot&channel=sms,webchat`);
    const counts = page.locator('div.counts[data-total]');
    await counts.waitFor();
    const { body } = await getCounts(harness.app, harness.token, 'support-bot', { channel: 'sms,webchat' });
    const api = body.data;
    expect(api.total).toBeGreaterThan(0);
    expect(await counts.getAttribute('data-total')).toBe(String(api.total));
    expect(await counts.getAttribute('data-partial')).toBe('false');
    expect(await counts.locator('.counts-total').textContent()).toBe(`${api.total} conversations`);
    const chips = await counts.locator('.chip').evaluateAll((items) => items.map((chip) => [chip.getAttribute('data-source'), Number(chip.getAttribute('data-count'))]));
    expect(Object.fromEntries(chips)).toEqual(api.bySource);
    // Beside each option: what choosing it would give with the other filters as they are.
    const options = await page.locator('.choice-count').evaluateAll((items) => items.map((item) => [item.getAttribute('data-option'), Number(item.getAttribute('data-count'))]));
    expect(Object.fromEntries(options)).toEqual({ ...api.byChannel, ...api.byState, ...api.bySource });
    expect(await page.getByRole('checkbox', { name: 'sms' }).isChecked()).toBe(true);

    const limits = harness.app.gateway.config.limits;
    const budget = limits.maxVendorCallsPerCount;
    limits.maxVendorCallsPerCount = 2;
    try {
      await page.goto(`${harness.url}/explorer?agent=support-bot&state=human`);
      const cut = page.locator('div.counts[data-partial="true"]');
      await cut.waitFor();
      expect(await cut.locator('.counts-total').textContent()).toMatch(/^≥ \d+ conversations$/);
      expect(await cut.locator('.counts-partial').textContent()).toContain("the count's vendor-call budget was spent");
      expect(await cut.locator('.chip[data-complete="false"]').count()).toBeGreaterThan(0);
      expect(await page.locator('.choice-count.partial').first().textContent()).toMatch(/^≥ \d+$/);
    } finally {
      limits.maxVendorCallsPerCount = budget;
    }
  });

  it("shows times in the viewer's zone with the UTC instant on hover, and a preset sets since to that long ago", async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot`);
    const cell = page.locator('tr.row[data-row-id] td.col-time time').first();
    await cell.waitFor();
    const iso = (await cell.getAttribute('datetime'))!;
    const local = new Date(Date.parse(iso) + VIEWER_OFFSET_MS).toISOString();
    expect(await cell.textContent()).toBe(`${local.slice(0, 10)} ${local.slice(11, 19)}`);
    expect(await cell.getAttribute('title')).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`);

    await page.getByText('Filters', { exact: true }).click();
    // Chromium may name the zone by its older alias.
    expect(await page.locator('fieldset.times legend').textContent()).toMatch(VIEWER_ZONE);
    const before = Date.now();
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL(/since=/);
    const after = Date.now();
    const since = new URL(page.url()).searchParams.get('since')!;
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // Seven days before the click, which came between `before` and `after` (whole seconds).
    expect(Date.parse(since)).toBeGreaterThanOrEqual(before - 7 * 86_400_000 - 1_000);
    expect(Date.parse(since)).toBeLessThanOrEqual(after - 7 * 86_400_000);
    const shownSince = new Date(Date.parse(since) + VIEWER_OFFSET_MS).toISOString().slice(0, 16);
    await expect.poll(() => page.locator('input[name="since"]').inputValue()).toBe(shownSince);
  });

  it("opens a row's drawer with every normalized field and the vendor's raw record beside it", async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot&sources=convocore-eu`);
    const first = page.locator('tr.row[data-row-id]').first();
    const rowId = (await first.getAttribute('data-row-id'))!;
    // Not the row's middle: the contact there is a link to everything with that person.
    await first.locator('td.col-time').click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    expect(await drawer.locator('dt').allTextContents()).toContain('conversationState');
    await drawer.getByRole('button', { name: "Show the vendor's record" }).click();
    const shownRaw = JSON.parse((await drawer.locator('pre.raw-record').textContent())!) as unknown;

    const api = await harness.app.inject({
      url: '/v1/agents/support-bot/conversations?limit=1&sources=convocore-eu&include=raw',
      headers: { authorization: `Bearer ${harness.token}` },
    });
    const row = (api.json() as { data: { rows: { id: string; raw: unknown }[] } }).data.rows[0]!;
    expect(row.id).toBe(rowId);
    expect(shownRaw).toEqual(row.raw);
    await screenshot(page, 'explorer-drawer-raw.png', 640);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('shows the conversation in the drawer: summary, then who said what and when, tool calls folded, as the API answers it', async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot&sources=retell`);
    const first = page.locator('tr.row[data-row-id]').first();
    const rowId = (await first.getAttribute('data-row-id'))!;
    await first.locator('td.col-time').click();
    const drawer = page.getByRole('dialog');
    const transcript = drawer.getByRole('list', { name: 'Transcript' });
    await transcript.waitFor();
    const api = await harness.app.inject({ url: `/v1/agents/support-bot/conversations/${rowId}`, headers: { authorization: `Bearer ${harness.token}` } });
    const detail = (api.json() as { data: { messages: { role: string; text: string; toolCall?: { name: string; arguments: unknown } }[]; summary: string | null } }).data;
    expect(detail.messages.length).toBeGreaterThan(0);
    expect(await transcript.locator('li.message').evaluateAll((items) => items.map((item) => item.getAttribute('data-role')))).toEqual(detail.messages.map((message) => message.role));
    const spoken = detail.messages.filter((message) => !message.toolCall).map((message) => message.text);
    expect(await transcript.locator('.message-text').allTextContents()).toEqual(spoken);
    if (detail.summary) expect(await drawer.locator('.conversation-summary').textContent()).toBe(detail.summary);
    // A tool call is folded: its name shows, its arguments only once opened.
    const call = detail.messages.find((message) => message.toolCall);
    if (call) {
      const folded = transcript.locator('details.tool-call').first();
      expect(await folded.locator('summary').textContent()).toBe(`Called ${call.toolCall!.name}`);
      expect(await folded.getAttribute('open')).toBeNull();
      await folded.locator('summary').click();
      expect(JSON.parse((await folded.locator('pre').textContent())!)).toMatchObject({ arguments: call.toolCall!.arguments });
    }
    // Above the fields: the conversation comes first in the drawer.
    const order = await drawer.locator('section').evaluateAll((sections) => sections.map((section) => section.getAttribute('aria-label')));
    expect(order.slice(0, 2)).toEqual(['Conversation', 'Normalized row']);
    await screenshot(page, 'explorer-drawer-conversation.png');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it("says why a conversation has no transcript, and fits a phone's width", async () => {
    const phone = await openPage({ width: 375, height: 740 });
    await signInWithSandboxToken(phone, harness.url);
    await phone.goto(`${harness.url}/explorer?agent=support-bot&sources=tether`);
    await phone.locator('tr.row[data-row-id]').first().locator('td.col-time').click();
    const note = phone.getByRole('dialog').locator('.transcript-status');
    await note.waitFor();
    expect(await note.getAttribute('data-transcript-status')).toBe('unsupported');
    expect(await note.textContent()).toMatch(/^No transcript: .{20,}/);
    await phone.goto(`${harness.url}/explorer?agent=support-bot&sources=vapi`);
    await phone.locator('tr.row[data-row-id]').first().locator('td.col-time').click();
    await phone.getByRole('dialog').locator('.conversation').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const drawerBox = (await phone.getByRole('dialog').boundingBox())!;
    expect(drawerBox.width).toBeLessThanOrEqual(375);
    await phone.close();
  });

  it('the stalled tab lists the same rows as the monitor walk', async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot`);
    await page.getByRole('button', { name: 'Stalled' }).click();
    await page.waitForURL(/tab=stalled/);
    await scrollToEnd(page);
    const api = await walkStalled(harness.app, harness.token, { agentId: 'support-bot', limit: '100' });
    expect(api.rows.length).toBeGreaterThan(0);
    expect(await shownRowIds(page)).toEqual(api.rows.map((row) => row.id));
  });

  it('a contact opens everything with this person: the contact search across agents, each row with its agents, chips per page, and the URL reloads to it', async () => {
    const { key, q } = await contactOfBothAgents();
    await page.goto(`${harness.url}/explorer?agent=support-bot&q=${encodeURIComponent(q)}`);
    await page.locator(`td.col-contact a[data-contact-key="${key}"]`).first().click();
    await page.waitForURL(/\?contact=/);
    expect(new URL(page.url()).searchParams.get('contact')).toBe(key);
    await page.locator('tr.row[data-row-id]').first().waitFor();
    await screenshot(page, 'explorer-person.png', 520);
    await scrollToEnd(page);

    const api = await walkAllAt(harness.app, harness.token, '/v1/conversations', { contactKey: key, limit: '100' });
    expect(api.rows.length).toBeGreaterThan(1);
    expect(await shownRowIds(page)).toEqual(api.rows.map((row) => row.id));
    // Each row's agents, as the agents list binds its source and vendor agent.
    const bindings = await agentsByBinding();
    const expectedAgents = api.rows.map((row) => bindings.get(`${row.source} ${row.vendorAgentId}`)!.join(','));
    await page.locator('td.col-agent [data-agents]').first().waitFor();
    expect(await page.locator('tr.row[data-row-id] td.col-agent span').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-agents')))).toEqual(expectedAgents);
    expect(new Set(expectedAgents.flatMap((agents) => agents.split(',')))).toEqual(new Set(['support-bot', 'sales-bot']));
    // Every page names each source of the search with the agents it serves.
    const searchSources = api.pages[0]!.sources.map((report) => `${report.source}(${(report as { agents?: string[] }).agents?.join(',')})`).sort();
    const chipsPerPage = await page.locator('tbody.page').evaluateAll((pages) =>
      pages.map((group) => [...group.querySelectorAll('.chip')].map((chip) => `${chip.getAttribute('data-source')}(${chip.getAttribute('data-agents')})`).sort()),
    );
    expect(chipsPerPage.length).toBeGreaterThan(0);
    for (const chips of chipsPerPage) expect(chips).toEqual(searchSources);

    await page.reload();
    await page.locator('tr.row[data-row-id]').first().waitFor();
    expect(new URL(page.url()).searchParams.get('contact')).toBe(key);
    await scrollToEnd(page);
    expect(await shownRowIds(page)).toEqual(api.rows.map((row) => row.id));
    // Back returns to the agent's list the link was followed from.
    await page.goBack();
    await page.waitForURL(/\?agent=support-bot/);
    await page.locator(`td.col-contact a[data-contact-key="${key}"]`).first().waitFor();
  });

  it("reaches the person from a row's drawer with the keyboard alone, and fits a phone's width", async () => {
    const phone = await openPage({ width: 375, height: 740 });
    await signInWithSandboxToken(phone, harness.url);
    await phone.goto(`${harness.url}/explorer?agent=support-bot`);
    await phone.locator('tr.row[data-row-id]').first().waitFor();
    const index = await phone.locator('tr.row[data-row-id]').evaluateAll((rows) => rows.findIndex((row) => row.querySelector('a[data-contact-key]') !== null));
    expect(index).toBeGreaterThanOrEqual(0);
    const key = await phone.locator(`tr.row[data-index="${index}"] a[data-contact-key]`).getAttribute('data-contact-key');
    await tabTo(phone, 'tr.row');
    for (let press = 0; press < index; press += 1) await phone.keyboard.press('ArrowDown');
    await phone.keyboard.press('Enter');
    const drawer = phone.getByRole('dialog');
    await drawer.waitFor();
    await tabTo(phone, '[role="dialog"] a.person-link');
    await phone.keyboard.press('Enter');
    await phone.waitForURL(/\?contact=/);
    expect(new URL(phone.url()).searchParams.get('contact')).toBe(key);
    await phone.locator('tr.row[data-row-id]').first().waitFor();
    expect(await phone.evaluate(() => document.activeElement?.classList.contains('person-head'))).toBe(true);
    await tabTo(phone, 'tr.row');
    await phone.keyboard.press('Enter');
    await phone.getByRole('dialog').waitFor();
    expect(await phone.getByRole('dialog').locator('a.person-link').count()).toBe(0);
    // The drawer takes Escape once it has taken the focus.
    await phone.waitForFunction(() => document.activeElement?.closest('[role="dialog"]') !== null);
    await phone.keyboard.press('Escape');
    await phone.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.close();
  });

  it('cuts no word short at 1280 px: time, source, channel, state, duration, waiting and category fit their columns on both tabs', async () => {
    const cutCells = () =>
      page.locator('tr.row[data-row-id] td').evaluateAll((cells) =>
        cells
          .filter((cell) => !cell.matches('.col-preview, .col-contact') && cell.scrollWidth > cell.clientWidth)
          .map((cell) => `${cell.className}: ${cell.textContent} (${cell.scrollWidth} px in ${cell.clientWidth})`),
      );
    await page.goto(`${harness.url}/explorer?agent=support-bot`);
    await page.locator('tr.row[data-row-id]').first().waitFor();
    expect(await cutCells()).toEqual([]);
    await page.goto(`${harness.url}/explorer?agent=support-bot&tab=stalled`);
    await page.locator('tr.row[data-row-id] td.col-category').first().waitFor();
    const categories = await page.locator('td.col-category').allTextContents();
    expect(categories).toEqual(expect.arrayContaining(['agent abandoned']));
    expect(await cutCells()).toEqual([]);
  });

  it('loads without a console error or a failed request: the page names its own icon', async () => {
    const fresh = await openPage();
    const problems: string[] = [];
    fresh.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    fresh.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await signInWithSandboxToken(fresh, harness.url);
    await fresh.goto(`${harness.url}/explorer?agent=support-bot`);
    await fresh.locator('tr.row[data-row-id]').first().waitFor();
    const icon = await fresh.locator('link[rel="icon"]').getAttribute('href');
    const answer = await fresh.request.get(`${harness.url}${icon}`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toContain('image/svg+xml');
    expect(problems).toEqual([]);
    await fresh.close();
  });

  it('shows the export buttons only when the gateway lists the export route', async () => {
    const described = page.waitForResponse((response) => response.url().endsWith('/openapi.json'));
    await page.goto(`${harness.url}/explorer?agent=support-bot`);
    await page.locator('tr.row[data-row-id]').first().waitFor();
    await described;
    await page.locator('tbody.page[data-page="1"]').waitFor();
    const document = (await harness.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    const exportable = '/v1/agents/{agentId}/conversations/export' in document.paths;
    await expect.poll(() => page.getByRole('button', { name: 'Export NDJSON' }).count()).toBe(exportable ? 1 : 0);
  });

  it('exports NDJSON and CSV with the bearer header and the filters, never the token in a URL, and hides the buttons on a 404', async () => {
    // The export route as its OpenAPI entry announces it, answered here, so the page's side is checked on its own.
    const exporting = await openPage();
    const asked: { search: string; authorization: string | undefined }[] = [];
    let exportStatus = 200;
    await exporting.route('**/openapi.json', async (route) => {
      const response = await route.fetch();
      const described = (await response.json()) as { paths: Record<string, unknown> };
      described.paths['/v1/agents/{agentId}/conversations/export'] = { get: {} };
      await route.fulfill({ response, json: described });
    });
    await exporting.route('**/v1/agents/support-bot/conversations/export?*', async (route) => {
      const request = route.request();
      const search = new URL(request.url()).search;
      asked.push({ search, authorization: request.headers().authorization });
      if (exportStatus === 404) return route.fulfill({ status: 404, json: { success: false, error: 'NOT_FOUND', message: 'Route not found' } });
      const csv = search.includes('format=csv');
      return route.fulfill({ status: 200, contentType: csv ? 'text/csv' : 'application/x-ndjson', body: csv ? 'id\nchatdash:1\n' : '{"id":"chatdash:1"}\n{"trailer":{}}\n' });
    });
    await signInWithSandboxToken(exporting, harness.url);
    await exporting.goto(`${harness.url}/explorer?agent=support-bot&channel=sms`);
    const ndjson = exporting.getByRole('button', { name: 'Export NDJSON' });
    await ndjson.waitFor();

    const [lines] = await Promise.all([exporting.waitForEvent('download'), ndjson.click()]);
    expect(lines.suggestedFilename()).toBe('support-bot-conversations.ndjson');
    expect(await readFile((await lines.path())!, 'utf8')).toBe('{"id":"chatdash:1"}\n{"trailer":{}}\n');
    const [table] = await Promise.all([exporting.waitForEvent('download'), exporting.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(table.suggestedFilename()).toBe('support-bot-conversations.csv');
    expect(await readFile((await table.path())!, 'utf8')).toBe('id\nchatdash:1\n');
    expect(asked).toEqual([
      { search: '?channel=sms', authorization: `Bearer ${harness.token}` },
      { search: '?channel=sms&format=csv', authorization: `Bearer ${harness.token}` },
    ]);

    exportStatus = 404;
    await ndjson.click();
    await ndjson.waitFor({ state: 'detached' });
    await exporting.close();
  });

  it('a failing vendor shows an error chip with its code and message, a rate-limited one its retry time, and the page is partial', async () => {
    const chatdash = harness.world.simulators.get('chatdash')!;
    const vapi = harness.world.simulators.get('vapi')!;
    chatdash.faults.inject({ kind: 'status', status: 500, body: { message: 'maintenance' } }, { times: Infinity });
    vapi.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '120' } }, { times: Infinity });
    try {
      await page.goto(`${harness.url}/explorer?agent=support-bot`);
      const error = page.locator('tbody.page[data-page="1"] .chip[data-source="chatdash"]');
      await error.waitFor();
      expect(await error.getAttribute('data-status')).toBe('error');
      expect(await error.textContent()).toMatch(/^chatdash error VENDOR_HTTP_ERROR: .+/);
      const limited = page.locator('tbody.page[data-page="1"] .chip[data-source="vapi"]');
      expect(await limited.getAttribute('data-status')).toBe('rate_limited');
      expect(await limited.textContent()).toMatch(/^vapi rate limited · retry in \d+ s$/);
      expect(await page.locator('tbody.page[data-page="1"] .partial-banner').textContent()).toContain('chatdash, vapi did not answer in full');
      await screenshot(page, 'explorer-partial.png', 400);
    } finally {
      chatdash.faults.clear();
      vapi.faults.clear();
    }
  });

  it("the sandbox's fault switch makes a vendor fail for a while: its chip and the partial banner show it, switching off brings it back", async () => {
    await page.goto(`${harness.url}/explorer?agent=support-bot`);
    await page.locator('tbody.page[data-page="1"]').waitFor();
    await page.getByText('Sandbox: make a vendor misbehave').click();
    await page.locator('select[name="fault-source"]').selectOption('chatdash');
    await page.locator('select[name="fault-kind"]').selectOption('fail');
    await page.locator('input[name="fault-seconds"]').fill('120');
    try {
      await page.getByRole('button', { name: 'Switch on' }).click();
      await page.getByRole('list', { name: 'Faults switched on' }).locator('[data-connection="chatdash"]').waitFor();
      const chip = page.locator('tbody.page[data-page="1"] .chip[data-source="chatdash"]');
      await expect.poll(() => chip.getAttribute('data-status')).toBe('error');
      expect(await page.locator('tbody.page[data-page="1"] .partial-banner').textContent()).toContain('chatdash');
      await page.getByRole('button', { name: 'Switch all off' }).click();
      await page.getByRole('list', { name: 'Faults switched on' }).waitFor({ state: 'detached' });
      await expect.poll(() => chip.getAttribute('data-status')).toBe('ok');
    } finally {
      harness.world.simulators.get('chatdash')!.faults.clear();
    }
  });

  it('works with the keyboard alone: sign in, pick the agent, filter, move through rows, open and close the drawer', async () => {
    const keyboard = await openPage();
    await keyboard.goto(`${harness.url}/explorer`);
    await keyboard.getByRole('button', { name: 'Use the sandbox ADMIN token' }).waitFor();
    await tabTo(keyboard, 'button.primary');
    await keyboard.keyboard.press('Enter');
    await keyboard.locator('[data-agent="support-bot"]').waitFor();
    await tabTo(keyboard, '[data-agent="support-bot"]');
    await keyboard.keyboard.press('Enter');
    await keyboard.waitForURL(/agent=support-bot/);

    await tabTo(keyboard, 'summary');
    await keyboard.keyboard.press('Enter');
    await tabTo(keyboard, 'input[name="channel"][value="voice"]');
    await keyboard.keyboard.press('Space');
    await tabTo(keyboard, 'button[type="submit"]');
    await keyboard.keyboard.press('Enter');
    await keyboard.waitForURL(/channel=voice/);
    await keyboard.locator('tr.row[data-row-id]').first().waitFor();

    await tabTo(keyboard, 'tr.row');
    expect(await keyboard.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await keyboard.keyboard.press('ArrowDown');
    await keyboard.keyboard.press('ArrowDown');
    const third = await keyboard.evaluate(() => document.activeElement?.getAttribute('data-index'));
    expect(third).toBe('2');
    await keyboard.keyboard.press('Enter');
    const drawer = keyboard.getByRole('dialog');
    await drawer.waitFor();
    for (let press = 0; press < 4; press += 1) {
      await keyboard.keyboard.press('Tab');
      expect(await keyboard.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    }
    await keyboard.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    // Focus goes back to the row once the drawer has left the page: wait for it, never a fixed time.
    await keyboard.waitForFunction(() => document.activeElement?.getAttribute('data-index') === '2', undefined, { timeout: 5_000 }).catch(() => undefined);
    expect(await keyboard.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('2');
    await keyboard.close();
  });

  it('keeps what is on screen in place while pages load: skeleton rows hold the place at the height of real rows', async () => {
    const holding = await openPage();
    await signInWithSandboxToken(holding, harness.url);
    let release = () => {};
    let gate = Promise.resolve();
    const hold = () => (gate = new Promise<void>((resolve) => (release = resolve)));
    await holding.route(
      (url) => url.pathname.endsWith('/conversations'),
      async (route) => {
        await gate;
        await route.continue();
      },
    );
    const top = (selector: string) => holding.locator(selector).evaluate((element) => element.getBoundingClientRect().top + window.scrollY);

    hold();
    await holding.goto(`${harness.url}/explorer?agent=support-bot`);
    await holding.locator('tbody.skeleton tr').first().waitFor();
    const headBefore = await top('table.rows thead');
    const skeletonRow = (await holding.locator('tbody.skeleton tr').first().boundingBox())!;
    release();
    await holding.locator('tr.row[data-row-id]').first().waitFor();
    expect(await top('table.rows thead')).toBe(headBefore);
    expect((await holding.locator('tr.row[data-row-id]').first().boundingBox())!.height).toBe(skeletonRow.height);

    hold();
    const lastOfFirstPage = 'tbody.page[data-page="1"] tr.row:last-child';
    await holding.locator(lastOfFirstPage).scrollIntoViewIfNeeded();
    await holding.locator('tbody.skeleton tr').first().waitFor();
    const before = await top(lastOfFirstPage);
    release();
    await holding.locator('tbody.page[data-page="2"]').waitFor();
    expect(await top(lastOfFirstPage)).toBe(before);
    await holding.close();
  });

  it('is readable at phone width: rows become cards and nothing overflows sideways', async () => {
    const phone = await openPage({ width: 375, height: 740 });
    await signInWithSandboxToken(phone, harness.url);
    await phone.locator('[data-agent="support-bot"]').click();
    await phone.locator('tr.row[data-row-id]').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await phone.locator('thead').isVisible()).toBe(false);
    await screenshot(phone, 'explorer-phone.png');
    await phone.close();
  });

  it('ran every page without a Content-Security-Policy violation or a script error', () => {
    expect(policyViolations).toEqual([]);
  });
});

/** A contact both sandbox agents talked with (most rows first), and the `q` that finds it in a list. */
async function contactOfBothAgents(): Promise<{ key: string; q: string }> {
  const agentsOf = new Map<string, Set<string>>();
  const rows = new Map<string, number>();
  for (const agent of ['support-bot', 'sales-bot']) {
    for (const row of (await walkAll(harness.app, harness.token, agent, { limit: '100' })).rows) {
      if (!row.contactKey) continue;
      agentsOf.set(row.contactKey, (agentsOf.get(row.contactKey) ?? new Set()).add(agent));
      rows.set(row.contactKey, (rows.get(row.contactKey) ?? 0) + 1);
    }
  }
  const both = [...agentsOf].filter(([, agents]) => agents.size === 2).map(([key]) => key);
  const key = both.sort((a, b) => rows.get(b)! - rows.get(a)!)[0];
  if (!key) throw new Error('the sandbox has no contact that both agents talked with');
  return { key, q: key.slice(key.indexOf(':') + 1) };
}

/** `source vendorAgentId` to the agents binding it, as `GET /v1/agents` lists them. */
async function agentsByBinding(): Promise<Map<string, string[]>> {
  const answer = await harness.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${harness.token}` } });
  const { agents } = (answer.json() as { data: { agents: { id: string; sources: { source: string; vendorAgentId: string }[] }[] } }).data;
  const byBinding = new Map<string, string[]>();
  for (const agent of agents) for (const source of agent.sources) byBinding.set(`${source.source} ${source.vendorAgentId}`, [...(byBinding.get(`${source.source} ${source.vendorAgentId}`) ?? []), agent.id]);
  return byBinding;
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails if it never does. */
async function tabTo(target: Page, selector: string, maxPresses = 60): Promise<void> {
  for (let press = 0; press < maxPresses; press += 1) {
    if (await target.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await target.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
