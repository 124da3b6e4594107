/** Processes a bench starts and stops: the compiled gateway, the bare route, the build. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartedProcess {
  process: ChildProcess;
  url: string;
}

/** Starts a server process (its log level at warn, as a busy deployment runs) and waits until it answers. */
export async function startProcess(command: string, args: string[], env: Record<string, string>, port: number): Promise<StartedProcess> {
  const child = spawn(command, args, { env: { ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (exited !== null) throw new Error(`${args.join(' ')} exited with ${exited}`);
    try {
      await fetch(`${url}/healthz`);
      return { process: child, url };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not answer within 30 s`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** `npm run build`, unless HOT_SKIP_BUILD=1 says dist/ is already built. */
export function buildUnlessSkipped(): void {
  if (process.env.HOT_SKIP_BUILD === '1') return;
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}


/** The vendors a compiled gateway is started on: the sandbox world's connections and agents (or a child's copy of them). */
export interface GatewayWorld {
  config: { connections: Record<string, { adapter: string; baseUrl: string; apiKey?: unknown }>; agents: unknown };
}

/**
 * The compiled gateway (`node dist/src/cli.js`) in its own process on these vendors, with a
 * config file as a user writes it (secrets from the environment), each connection given
 * `connectionSettings`; rate limit off. Removes its folder when stopped.
 */
export async function startCompiledGateway(
  world: GatewayWorld,
  secrets: { jwt: string; cursor: string },
  options: { connectionSettings?: Record<string, unknown>; extraArgs?: string[] } = {},
): Promise<StartedProcess & { folder: string; env: Record<string, string>; stop(): Promise<void> }> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
  const env: Record<string, string> = { ...process.env, BENCH_JWT: secrets.jwt, BENCH_CURSOR: secrets.cursor } as Record<string, string>;
  const connections = Object.fromEntries(
    Object.entries(world.config.connections).map(([name, connection], index) => {
      env[`BENCH_KEY_${index}`] = String(connection.apiKey);
      return [name, { adapter: connection.adapter, baseUrl: connection.baseUrl, apiKey: `\${BENCH_KEY_${index}}`, ...options.connectionSettings }];
    }),
  );
  const configPath = join(folder, 'gateway.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      server: { host: '127.0.0.1', port: 0 },
      auth: { mode: 'jwt', secret: '${BENCH_JWT}' },
      cursor: { secret: '${BENCH_CURSOR}' },
      rateLimit: { enabled: false },
      connections,
      agents: world.config.agents,
    }),
  );
  const port = await freePort();
  const started = await startProcess('node', [...(options.extraArgs ?? []), 'dist/src/cli.js', '--config', configPath, '--port', String(port)], env, port);
  return {
    ...started,
    folder,
    env,
    stop: async () => {
      await stopProcess(started.process);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
