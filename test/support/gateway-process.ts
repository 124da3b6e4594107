import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A gateway process started from the CLI, as `npm start` runs it. */
export interface GatewayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Every gateway process still running, for the tests' `afterEach` to kill. */
export const runningGateways = new Set<ChildProcess>();

/** `node --import tsx src/cli.ts ...`, as `npm start` runs it, without npm in between. */
export function startGateway(args: string[], env: Record<string, string>): GatewayProcess {
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

export function killAllGateways(): void {
  for (const child of runningGateways) child.kill('SIGKILL');
  runningGateways.clear();
}

export async function waitFor<T>(what: string, gateway: GatewayProcess, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
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
