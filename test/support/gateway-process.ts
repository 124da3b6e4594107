import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ConnectionConfig } from '../../src/config/gateway-config.js';
import type { SandboxWorld } from '../../src/sandbox/sandbox-world.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The gateway as a real process: `node --import tsx src/cli.ts ...`, as `npm start` runs it. */
export interface GatewayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Every gateway process still running, for the tests' `afterEach` to kill. */
export const runningGateways = new Set<ChildProcess>();

export function killAllGateways(): void {
  for (const child of runningGateways) child.kill('SIGKILL');
  runningGateways.clear();
}

export function startGatewayProcess(args: string[], env: Record<string, string>): GatewayProcess {
  const inherited = { ...process.env };
  for (const name of ['GATEWAY_CONFIG', 'PORT', 'HOST', 'LOG_LEVEL', 'NODE_OPTIONS']) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runningGateways.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      runningGateways.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Polls `probe` until it gives a value; fails early when the process exits first. */
export async function waitForGateway<T>(what: string, gateway: GatewayProcess, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let exitCode: number | string | undefined;
  void gateway.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    if (exitCode !== undefined) throw new Error(`gateway exited (${exitCode}) before ${what}:\n${gateway.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}\nstdout:\n${gateway.stdout()}\nstderr:\n${gateway.stderr()}`);
}

/** The `{"msg":"gateway listening","url":...}` log line on stdout. */
export function listeningUrl(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'gateway listening' && entry.url) return entry.url;
    } catch {
      // a partial line; the next poll reads it whole
    }
  }
  return undefined;
}

/**
 * A page read until it comes back complete: on a loaded machine a simulated vendor can miss
 * its timeout once (a partial page, honestly reported). Waits for that condition, a few
 * reads at most, rather than trusting one read to beat the clock.
 */
export async function completePage<T extends { data: { partial: boolean } }>(url: string, headers: Record<string, string>, reads = 5): Promise<{ status: number; body: T }> {
  let last: { status: number; body: T } | undefined;
  for (let read = 0; read < reads; read += 1) {
    const response = await fetch(url, { headers });
    last = { status: response.status, body: (await response.json()) as T };
    if (last.status !== 200 || !last.body.data.partial) return last;
  }
  return last!;
}

export async function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Writes a config file for the sandbox world's simulators as an operator would: every
 * secret as `${NAME}`, its value added to `env`. `extra` adds top-level fields, `connection`
 * per-connection settings.
 */
export async function writeWorldConfig(
  path: string,
  world: SandboxWorld,
  env: Record<string, string>,
  options: { extra?: Record<string, unknown>; connection?: Partial<ConnectionConfig> } = {},
): Promise<void> {
  const connections = Object.fromEntries(
    Object.entries(world.config.connections).map(([name, connection]) => {
      const variable = `TEST_KEY_${name.replace(/\W/g, '_').toUpperCase()}`;
      env[variable] = connection.apiKey!;
      return [name, { adapter: connection.adapter, baseUrl: connection.baseUrl, apiKey: `\${${variable}}`, ...options.connection }];
    }),
  );
  const document = {
    server: { host: '127.0.0.1', port: 0 },
    auth: { mode: 'jwt', secret: '${TEST_JWT_SECRET}' },
    cursor: { secret: '${TEST_CURSOR_SECRET}' },
    ...options.extra,
    connections,
    agents: world.config.agents,
  };
  await writeFile(path, JSON.stringify(document));
}
