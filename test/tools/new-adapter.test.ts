import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterModule } from '../../src/contract/index.js';
import { checkFixtures } from '../support/conformance/fixtures-check.js';
import { checkOrder } from '../support/conformance/order-check.js';
import { checkCompleteness, checkRows } from '../support/conformance/rows-check.js';
import { startSimulatedVendor, type SimulatedVendor } from '../support/conformance/simulated-vendor.js';
import { checkSimulatorAgainstSpec } from '../support/conformance/spec-check.js';
import { checkStopRules } from '../support/conformance/stop-rules-check.js';
import { checkTolerance } from '../support/conformance/tolerance-check.js';
import { checkVendorErrors } from '../support/conformance/vendor-errors-check.js';

const repository = join(import.meta.dirname, '..', '..');
let out: string;
let stdout: string;
let module: AdapterModule;
let vendor: SimulatedVendor;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'new-adapter-'));
  ({ stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/new-adapter.ts', 'acme-voice', '--out', out], { cwd: repository }));
  module = ((await import(pathToFileURL(join(out, 'adapters', 'acme-voice', 'index.ts')).href)) as { acmeVoiceModule: AdapterModule }).acmeVoiceModule;
  vendor = await startSimulatedVendor(module);
}, 60_000);

afterAll(async () => {
  await vendor?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('npm run new-adapter -- NAME --out DIR', () => {
  it('writes the fixed files of an adapter folder, a spec stub, a fixture stub and the per-vendor spec test', () => {
    for (const file of ['index.ts', 'README.md', 'acme-voice-adapter.ts', 'acme-voice-types.ts', 'map-acme-voice-row.ts', 'acme-voice-simulator.ts']) {
      expect(existsSync(join(out, 'adapters', 'acme-voice', file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'specs', 'acme-voice.openapi.json'), 'utf8')).openapi).toBe('3.0.3');
    expect(JSON.parse(readFileSync(join(out, 'fixtures', 'acme-voice', 'example.json'), 'utf8')).exchanges).toEqual([]);
    const specTest = readFileSync(join(out, 'test', 'contract', 'sdk', 'acme-voice.spec.test.ts'), 'utf8');
    expect(specTest).toContain("from '../../../adapters/acme-voice/index.js'");
    expect(specTest).toContain("declaredQueryParameters(spec, 'GET', LIST)");
    expect(module.adapter.vendor).toBe('acme-voice');
  });

  it('prints the registry lines instead of registering itself', () => {
    expect(stdout).toContain("import { acmeVoiceModule } from './acme-voice/index.js';");
    expect(readFileSync(join(repository, 'adapters', 'index.ts'), 'utf8')).not.toContain('acme');
  });

  it('refuses a bad name and an existing folder', async () => {
    const run = (name: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/new-adapter.ts', name, '--out', out], { cwd: repository });
    await expect(run('Acme Voice')).rejects.toThrow(/is not a vendor name/);
    await expect(run('acme-voice')).rejects.toThrow(/already exists/);
  });
});

describe('the conformance suite fails the scaffold until it is filled in', () => {
  it('its mapper maps nothing', async () => {
    expect(checkRows(vendor).join('\n')).toMatch(/mapAcmeVoiceRow is not implemented/);
    expect(checkCompleteness(vendor)).not.toEqual([]);
    expect(checkTolerance(vendor)).not.toEqual([]);
    expect(await checkStopRules(vendor)).not.toEqual([]);
  });

  it('its spec refuses every body and its fixture holds no exchange', async () => {
    expect((await checkSimulatorAgainstSpec(vendor, out)).join('\n')).toMatch(/must NOT be valid/);
    expect(await checkFixtures(module, out)).toContain('fixtures/acme-voice/ holds no recorded exchange (npm run record)');
  });

  it('its describeError is not written yet', async () => {
    expect((await checkVendorErrors(vendor)).join('\n')).toMatch(/describeError\(\d+, .*\) threw: acmeVoiceAdapter.describeError is not implemented/);
  });

  it('its declared whole-window order has nothing to check: completeness (above) is what fails', () => {
    expect(checkOrder(vendor)).toEqual([]);
  });
});
