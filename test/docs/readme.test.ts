import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../../src/errors.js';
import { FILTERS } from '../../src/filters/row-filters.js';
import { SOURCE_ERROR_TABLE } from '../../src/upstream/vendor-failure.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

describe('README', () => {
  it('has the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('documents every API error code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_TABLE)) {
      expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
    }
  });

  it('documents every source error code with its status', () => {
    for (const [code, status] of Object.entries(SOURCE_ERROR_TABLE)) {
      expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` \\| \`${status}\` \\|`));
    }
  });

  it('documents every filter of the list in its query table', () => {
    const section = readme.slice(readme.indexOf('### `GET /v1/agents/{agentId}/conversations`'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| query | meaning |')));
    const documented = [...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([^`]+)`/g)].map((name) => name[1]!));
    const filters = FILTERS.filter((filter) => filter.query !== undefined).map((filter) => filter.name);
    expect(filters.length).toBeGreaterThan(0);
    for (const name of filters) expect(documented, name).toContain(name);
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const script of named) expect(scripts, script).toContain(script);
  });

  it('shows example cursors in the shape real ones have: body, key id and signature, shortened in the body only', async () => {
    const sandbox = await startSandboxApp();
    try {
      const page = await sandbox.app.inject({ url: '/v1/agents/support-bot/conversations?limit=2', headers: { authorization: `Bearer ${sandbox.token()}` } });
      const real = (page.json() as { data: { pagination: { nextCursor: string } } }).data.pagination.nextCursor;
      const shape = /^[\w-]+\.([\w-]{6})\.[\w-]{43}$/;
      expect(real).toMatch(shape);
      const examples = [...readme.matchAll(/"nextCursor": "([^"]+)"/g)].map((match) => match[1]!);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(example.replace('…', '')).toMatch(shape);
    } finally {
      await sandbox.close();
    }
  });
});
