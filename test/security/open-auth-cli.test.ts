import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENV = { OPEN_AUTH_CURSOR_SECRET: 'open-auth-cursor-secret-0123456789', OPEN_AUTH_VENDOR_KEY: 'open-auth-vendor-key-0123' };

/** Runs the CLI until it exits or prints its listening line; then stops it. */
function runGateway(configPath: string, args: string[] = []): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const env = { ...process.env, ...ENV, LOG_LEVEL: 'info' } as Record<string, string>;
  for (const name of ['GATEWAY_CONFIG', 'PORT', 'HOST', 'NODE_OPTIONS']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--config', configPath, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('gateway listening')) child.kill('SIGTERM');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'unknown', stdout, stderr });
    }),
  );
}

let directory: string;

async function configWith(host: string): Promise<string> {
  const path = join(directory, `none-${host.replace(/\W/g, '_')}.json`);
  await writeFile(
    path,
    JSON.stringify({
      server: { host, port: 0 },
      auth: { mode: 'none' },
      cursor: { secret: '${OPEN_AUTH_CURSOR_SECRET}' },
      connections: { cc: { adapter: 'convocore', baseUrl: 'http://127.0.0.1:9/v3', apiKey: '${OPEN_AUTH_VENDOR_KEY}' } },
      agents: { bot: { name: 'Bot', org: 'acme', sources: [{ connection: 'cc', agentId: 'a1' }] } },
    }),
  );
  return path;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gateway-open-auth-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('npm start with auth.mode none', () => {
  it('refuses to start on 0.0.0.0 (exit 2, naming auth.mode, no secret printed)', async () => {
    const { code, stdout, stderr } = await runGateway(await configWith('0.0.0.0'));
    expect(code).toBe(2);
    expect(stderr).toContain('auth.mode: none');
    for (const secret of Object.values(ENV)) expect(stdout + stderr).not.toContain(secret);
  });

  it('refuses --host 0.0.0.0 even when the file says loopback', async () => {
    const { code, stderr } = await runGateway(await configWith('127.0.0.1'), ['--host', '0.0.0.0']);
    expect(code).toBe(2);
    expect(stderr).toContain('auth.mode');
  });

  it('starts on loopback', async () => {
    const { code, stdout } = await runGateway(await configWith('127.0.0.1'));
    expect(stdout).toContain('gateway listening');
    expect(code).toBe(0);
  });
});
