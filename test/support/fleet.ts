import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterModules } from '../../adapters/index.js';
import { signToken } from '../../src/auth/sign-token.js';
import type { Row } from '../../src/contract/index.js';
import { startSandboxWorld, type SandboxWorld } from '../../src/sandbox/sandbox-world.js';
import { listeningUrl, startGatewayProcess, waitForGateway, type GatewayProcess } from './gateway-process.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './redis.js';
import type { PageBody } from './walk.js';

const SECRETS = { TEST_JWT_SECRET: 'fleet-test-jwt-secret-0123456789', TEST_CURSOR_SECRET: 'fleet-test-cursor-secret-0123456789' };

/** One gateway process of a fleet. */
export interface Replica {
  url: string;
  process: GatewayProcess;
}

export interface FleetOptions {
  replicas: number;
  /** Redis to share; none: each process on its own. */
  redisUrl?: string | null;
  /** Merged into every connection of the sandbox (cacheTtlMs, requestsPerSecond, ...). */
  connection?: Record<string, unknown>;
  /** Per connection name, merged after `connection`. */
  connections?: Record<string, Record<string, unknown>>;
  rateLimit?: Record<string, unknown>;
  limits?: Record<string, unknown>;
  commandTimeoutMs?: number;
}

/**
 * Vendor simulators on loopback (a sandbox world) and gateway processes started from the
 * CLI with a config file pointing at them, sharing one Redis under a key prefix no other
 * test uses.
 */
export class FleetWorld {
  readonly token = signToken(SECRETS.TEST_JWT_SECRET, { sub: 'fleet-test', org: 'acme', role: 'ADMIN' });
  private readonly prefixes: string[] = [];

  private constructor(
    readonly world: SandboxWorld,
    private readonly directory: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(seed = 17): Promise<FleetWorld> {
    const world = await startSandboxWorld({ modules: adapterModules, seed });
    const env: Record<string, string> = { ...SECRETS, LOG_LEVEL: 'info' };
    for (const [name, connection] of Object.entries(world.config.connections)) env[keyVariable(name)] = connection.apiKey!;
    return new FleetWorld(world, await mkdtemp(join(tmpdir(), 'gateway-fleet-')), env);
  }

  /** Starts `replicas` gateway processes with one config; resolves once each is ready (and reaches Redis). */
  async replicas(options: FleetOptions): Promise<Replica[]> {
    const prefix = uniquePrefix('fleet');
    const redisUrl = options.redisUrl === undefined ? REDIS_URL : options.redisUrl;
    if (redisUrl) this.prefixes.push(prefix);
    const connections = Object.fromEntries(
      Object.entries(this.world.config.connections).map(([name, connection]) => [
        name,
        {
          adapter: connection.adapter,
          baseUrl: connection.baseUrl,
          apiKey: `\${${keyVariable(name)}}`,
          ...options.connection,
          ...options.connections?.[name],
        },
      ]),
    );
    const path = join(this.directory, `${prefix.replace(/\W/g, '-')}.json`);
    await writeFile(
      path,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        auth: { mode: 'jwt', secret: '${TEST_JWT_SECRET}' },
        cursor: { secret: '${TEST_CURSOR_SECRET}' },
        ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(redisUrl ? { store: { redis: { url: redisUrl, keyPrefix: prefix, commandTimeoutMs: options.commandTimeoutMs ?? 500 } } } : {}),
        connections,
        agents: this.world.config.agents,
      }),
    );
    const processes = Array.from({ length: options.replicas }, () => startGatewayProcess(['--config', path], this.env));
    return Promise.all(
      processes.map(async (process) => {
        const url = await waitForGateway('the listening log line', process, () => listeningUrl(process.stdout()), 60_000);
        const wanted = redisUrl ? 'up' : undefined;
        await waitForGateway('/readyz', process, async () => ((await readiness(url))?.store === wanted ? true : undefined), 60_000);
        return { url, process };
      }),
    );
  }

  /** Vendor calls the simulators received so far, all connections or one. */
  vendorCalls(connection?: string): number {
    return this.calls(connection).length;
  }

  /** When each vendor call arrived (epoch ms), all connections or one. */
  calls(connection?: string): number[] {
    return [...this.world.simulators]
      .filter(([name]) => connection === undefined || name === connection)
      .flatMap(([, simulator]) => simulator.requests.map((request) => request.at));
  }

  async page(replica: Replica, agentId: string, query: Record<string, string>): Promise<{ status: number; body: PageBody; headers: Headers }> {
    const response = await fetch(`${replica.url}/v1/agents/${agentId}/conversations?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return { status: response.status, body: (await response.json()) as PageBody, headers: response.headers };
  }

  /**
   * A whole walk, page `i` asked of `pick(i)`. A replica that cannot be reached is
   * skipped for the next one, as a load balancer does.
   */
  async walk(replicas: () => readonly Replica[], agentId: string, query: Record<string, string>, pick: (page: number) => number | Promise<number>): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1_000; page += 1) {
      const body: PageBody = await this.pageFromAny(replicas(), await pick(page), agentId, { ...query, ...(cursor ? { cursor } : {}) });
      rows.push(...body.data.rows);
      cursor = body.data.pagination.nextCursor;
      if (cursor === null) return rows;
    }
    throw new Error('the walk did not end');
  }

  async close(): Promise<void> {
    await this.world.close();
    await rm(this.directory, { recursive: true, force: true });
    for (const prefix of this.prefixes) await deleteKeys(prefix).catch(() => undefined);
  }

  private async pageFromAny(replicas: readonly Replica[], first: number, agentId: string, query: Record<string, string>): Promise<PageBody> {
    for (let offset = 0; offset < replicas.length; offset += 1) {
      const replica = replicas[(first + offset) % replicas.length]!;
      let answer: { status: number; body: PageBody };
      try {
        answer = await this.page(replica, agentId, query);
      } catch {
        continue;
      }
      if (answer.status !== 200) throw new Error(`page answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    }
    throw new Error('no replica answered');
  }
}

export async function readiness(url: string): Promise<{ status: string; store?: string } | undefined> {
  try {
    const response = await fetch(`${url}/readyz`);
    return response.status === 200 ? ((await response.json()) as { status: string; store?: string }) : undefined;
  } catch {
    return undefined;
  }
}

function keyVariable(connection: string): string {
  return `TEST_KEY_${connection.replace(/\W/g, '_').toUpperCase()}`;
}
