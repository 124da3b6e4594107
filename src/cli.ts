import type { FastifyInstance } from 'fastify';
import { adapterModules } from '../adapters/index.js';
import { buildApp } from './app.js';
import { signToken } from './auth/sign-token.js';
import { checkConfig } from './cli/check-config-command.js';
import { parseCommand, UsageError, type CliCommand } from './cli/cli-command.js';
import { gatewayVersion } from './cli/gateway-version.js';
import { helpText } from './cli/help-text.js';
import { mintToken } from './cli/token-command.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { ConfigError, loadConfigFile } from './config/load-config.js';
import { refuseOpenAuth } from './config/loopback-only.js';
import { closeOnSignals } from './process/graceful-shutdown.js';
import { sandboxBanner } from './sandbox/sandbox-banner.js';
import { startSandboxWorld, type SandboxWorld } from './sandbox/sandbox-world.js';

/**
 * `npm start -- --config FILE` (or GATEWAY_CONFIG=FILE) runs the gateway from a config;
 * with no config it runs the sandbox. SIGTERM and SIGINT close everything cleanly.
 * `--help` lists the one-shot commands (check-config, token, --version).
 */
/** The config file in use, so a problem found after loading it still names the file. */
let configPath: string | undefined;

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  switch (command.name) {
    case 'help':
      return void process.stdout.write(helpText(gatewayVersion()));
    case 'version':
      return void process.stdout.write(`${gatewayVersion()}\n`);
    case 'check-config':
      configPath = command.file;
      return void process.stdout.write(await checkConfig(command.file, adapterModules));
    case 'token': {
      configPath = command.config ?? process.env.GATEWAY_CONFIG;
      if (!configPath) throw new UsageError('token needs the config whose auth it signs for: --config FILE or GATEWAY_CONFIG');
      return void process.stdout.write(`${await mintToken(command, await loadConfigFile(configPath))}\n`);
    }
    case 'serve':
      return serve(command);
  }
}

async function serve(values: Extract<CliCommand, { name: 'serve' }>): Promise<void> {
  configPath = values.config ?? process.env.GATEWAY_CONFIG;
  let world: SandboxWorld | undefined;
  let config: GatewayConfig;
  if (configPath) {
    config = await loadConfigFile(configPath);
  } else {
    world = await startSandboxWorld({ modules: adapterModules });
    config = world.config;
  }
  const port = Number(values.port ?? process.env.PORT ?? config.server.port);
  const host = values.host ?? process.env.HOST ?? config.server.host;
  refuseOpenAuth(config, host);
  const tokens = world ? sandboxTokens(config.auth.secret!) : undefined;
  const app = await buildApp({
    config,
    adapters: adapterModules,
    explorer: { sandboxToken: tokens?.admin },
    logger: {
      level: process.env.LOG_LEVEL ?? (world ? 'warn' : 'info'),
      redact: { paths: ['req.headers.authorization', 'req.headers["xi-api-key"]'], censor: '[redacted]' },
    },
  });
  const url = await listen(app, host, port, world !== undefined);
  closeOnSignals(app, {
    requestDeadlineMs: config.limits.requestDeadlineMs,
    closeAlso: async () => world?.close(),
    exportsOpen: () => app.gateway.exportSlots.open,
  });
  if (world && tokens) {
    process.stdout.write(sandboxBanner(url, world, tokens));
  } else {
    app.log.info({ url, agents: Object.keys(config.agents).length }, 'gateway listening');
  }
}

/** The sandbox's printed tokens; the explorer page offers the ADMIN one. */
function sandboxTokens(secret: string): { admin: string; superadmin: string } {
  return {
    admin: signToken(secret, { sub: 'sandbox-admin', org: 'acme', role: 'ADMIN' }),
    superadmin: signToken(secret, { sub: 'sandbox-superadmin', org: 'acme', role: 'SUPERADMIN' }),
  };
}

/** The sandbox falls back to a free port when its default one is taken. */
async function listen(app: FastifyInstance, host: string, port: number, mayMove: boolean): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    if (!mayMove || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await app.listen({ host, port: 0 });
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shownHost}:${actualPort}`;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n(conversation-gateway --help lists the commands and options)\n`);
    process.exit(2);
  }
  if (error instanceof ConfigError) {
    const source = configPath ?? error.source;
    process.stderr.write(`invalid configuration ${source}:\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
    process.exit(2);
  }
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
