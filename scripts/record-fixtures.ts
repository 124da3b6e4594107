import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { adapterModules } from '../adapters/index.js';
import type { AgentDirectory } from '../src/agents/agent-directory.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { resolveDirectory } from '../src/config/resolve-directory.js';
import { startSandboxWorld, type SandboxWorld } from '../src/sandbox/sandbox-world.js';
import { writeFixture } from '../src/tools/fixture-file.js';
import { recordFixture } from '../src/tools/record-fixture.js';

/**
 * npm run record -- --connection NAME --agent ID [--pages N] [--page-size N] [--case NAME]
 *                   [--config FILE] [--out DIR]
 *
 * Records a walk of one source of a logical agent into fixtures/<vendor>/<case>.json. With
 * --config it reads the configured (real) vendor account; without, the sandbox simulators.
 */

/** The sandbox's data is generated for this instant, so a recording is the same every time. */
const SANDBOX_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const USAGE = 'usage: npm run record -- --connection NAME --agent ID [--pages N] [--page-size N] [--case NAME] [--config FILE] [--out DIR]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connection: { type: 'string' },
      agent: { type: 'string' },
      pages: { type: 'string', default: '2' },
      'page-size': { type: 'string', default: '5' },
      case: { type: 'string' },
      config: { type: 'string' },
      out: { type: 'string', default: join(import.meta.dirname, '..') },
      description: { type: 'string' },
    },
  });
  if (!values.connection || !values.agent) throw new Error(USAGE);
  let world: SandboxWorld | undefined;
  try {
    let directory: AgentDirectory;
    if (values.config) {
      directory = resolveDirectory(await loadConfigFile(values.config), adapterModules);
    } else {
      world = await startSandboxWorld({ modules: adapterModules, now: SANDBOX_NOW, secrets: { jwt: 'recorder', cursor: 'recorder' } });
      directory = resolveDirectory(world.config, adapterModules);
    }
    const agent = directory.agents.get(values.agent);
    if (!agent) throw new Error(`no agent ${values.agent}; agents: ${[...directory.agents.keys()].join(', ')}`);
    const source = agent.sources.find((candidate) => candidate.runtime.name === values.connection);
    if (!source) throw new Error(`agent ${agent.id} has no source on connection ${values.connection}; it has: ${agent.sources.map((candidate) => candidate.runtime.name).join(', ')}`);
    const { fixture, warnings } = await recordFixture({
      connection: source.connection,
      binding: source.runtime.binding,
      caseName: values.case ?? `recorded-${values.connection}`,
      description: values.description,
      pages: positiveInteger(values.pages, '--pages'),
      pageSize: positiveInteger(values['page-size'], '--page-size'),
    });
    const file = writeFixture(values.out, fixture);
    for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(`wrote ${relative(process.cwd(), file)}: ${fixture.exchanges.length} exchange(s), ${fixture.expectedRows.length} row(s)\n`);
  } finally {
    await world?.close();
  }
}

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
