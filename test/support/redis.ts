import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { SharedStore, type StoreOptions } from '../../src/store/shared-store.js';

/** The machine's Redis (`.ci/run` makes sure it answers). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses, so tests never see each other's keys. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${randomBytes(6).toString('hex')}:`;
}

/** A store on `url` under `prefix`, connected (or given up on after 5 s). */
export async function connectedStore(prefix: string, url = REDIS_URL, options: StoreOptions = {}, commandTimeoutMs = 500): Promise<SharedStore> {
  const store = new SharedStore({ url, keyPrefix: prefix, commandTimeoutMs }, options);
  await until(() => store.state === 'up', 5_000);
  return store;
}

/** Deletes every key under `prefix` (a plain client: SCAN does not apply ioredis' keyPrefix). */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function until(condition: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A redis-server of the test's own on a free loopback port, to stop and start at will. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    await until(async () => (await ping(this.url)) || child.exitCode !== null, 10_000, `redis-server on ${this.port}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
  }

  /** SIGSTOP: the connection stays open and nothing answers (a hung Redis); `resume` undoes it. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}

/** Whether a Redis answers at `url`. */
export async function ping(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether `answer` settles within a few turns of the microtask queue: an answer given
 * without waiting for Redis. No I/O is read while microtasks run, so however fast Redis
 * answers, its answer cannot come in that soon.
 */
export async function settlesBeforeIO(answer: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void answer.then(() => (settled = true));
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  return settled;
}
