import type { FastifyInstance } from 'fastify';
import { parseCommand, UsageError, type CliCommand } from './cli/cli-command.js';
import { gatewayVersion } from './gateway-package.js';
import { helpText } from './cli/help-text.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { SandboxSession } from './sandbox/sandbox-session.js';

/**
 * `npm start -- --config FILE` (or GATEWAY_CONFIG=FILE) runs the gateway from a config;
 * with no config it runs the sandbox. SIGTERM and SIGINT close everything cleanly.
 * `--help` lists the one-shot commands (check-config, token, --version).
 * Each command imports what it needs when it runs: `--help` and `--version` answer without
 * loading Fastify, the adapters or the config schema.
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
    case 'check-config': {
      configPath = command.file;
      const [{ checkConfig }, { adapterModules }] = await Promise.all([import('./cli/check-config-command.js'), import('../adapters/index.js')]);
      return void process.stdout.write(await checkConfig(command.file, adapterModules));
    }
    case 'token': {
      configPath = command.config ?? process.env.GATEWAY_CONFIG;
      if (!configPath) throw new UsageError('token needs the config whose auth it signs for: --config FILE or GATEWAY_CONFIG');
      const [{ mintToken }, { loadAuthConfig }] = await Promise.all([import('./cli/token-command.js'), import('./config/load-config.js')]);
      return void process.stdout.write(`${await mintToken(command, await loadAuthConfig(configPath))}\n`);
    }
    case 'serve':
      return serve(command);
  }
}

async function serve(values: Extract<CliCommand, { name: 'serve' }>): Promise<void> {
  const [{ adapterModules }, { buildApp }, startup, { closeOnSignals }, { sandboxBanner }, { startSandboxSession }] = await Promise.all([
    import('../adapters/index.js'),
    import('./app.js'),
    import('./config/startup-config.js'),
    import('./process/graceful-shutdown.js'),
    import('./sandbox/sandbox-banner.js'),
    import('./sandbox/sandbox-session.js'),
  ]);
  configPath = values.config ?? process.env.GATEWAY_CONFIG;
  let sandbox: SandboxSession | undefined;
  let config: GatewayConfig;
  let host: string;
  let port: number;
  if (configPath) {
    ({ config, host, port } = await startup.loadStartupConfig(configPath, adapterModules, values));
  } else {
    sandbox = await startSandboxSession(adapterModules);
    config = sandbox.world.config;
    ({ host, port } = startup.listenAddress(config.server, values, process.env));
  }
  const app = await buildApp({
    config,
    adapters: adapterModules,
    explorer: { sandboxToken: sandbox?.tokens.admin },
    ...(sandbox ? { sandboxFaults: sandbox.faults } : {}),
    logger: {
      level: process.env.LOG_LEVEL ?? (sandbox ? 'warn' : 'info'),
      redact: { paths: ['req.headers.authorization', 'req.headers["xi-api-key"]'], censor: '[redacted]' },
    },
  });
  const url = await listen(app, host, port, sandbox !== undefined);
  closeOnSignals(app, {
    requestDeadlineMs: config.limits.requestDeadlineMs,
    drainMs: config.server.drainMs,
    closeAlso: async () => sandbox?.close(),
    exportsOpen: () => app.gateway.exportSlots.open,
  });
  if (sandbox) {
    process.stdout.write(sandboxBanner(url, sandbox.world, sandbox.tokens));
  } else {
    app.log.info({ url, agents: Object.keys(config.agents).length }, 'gateway listening');
  }
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

main().catch(async (error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n(conversation-gateway --help lists the commands and options)\n`);
    process.exit(2);
  }
  const { ConfigError } = await import('./config/load-config.js');
  if (error instanceof ConfigError) {
    const source = configPath ?? error.source;
    process.stderr.write(`invalid configuration ${source}:\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
    process.exit(2);
  }
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
