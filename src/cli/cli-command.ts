import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../auth/caller.js';

/** What the command line asked for. */
export type CliCommand =
  | { name: 'help' }
  | { name: 'version' }
  | { name: 'serve'; config?: string; port?: string; host?: string }
  | { name: 'check-config'; file: string }
  | { name: 'token'; config?: string; privateKeyFile?: string; role: Role; org?: string; department?: string; sub: string; ttlSeconds: number };

/** A command line that cannot be run; the message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const DEFAULT_TTL_SECONDS = 3600;

/**
 * `[--config FILE] [--port N] [--host H]` serves (the sandbox without a config);
 * `check-config FILE`, `token …`, `--help` and `--version` do one thing and exit.
 */
export function parseCommand(argv: readonly string[]): CliCommand {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { name: 'help' };
  if (argv.includes('--version') || argv.includes('-v')) return { name: 'version' };
  const [first, ...rest] = argv;
  if (first === 'check-config') return checkConfigCommand(rest);
  if (first === 'token') return tokenCommand(rest);
  if (first !== undefined && !first.startsWith('-')) throw new UsageError(`unknown command ${first}`);
  const { values } = parse(argv, { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } });
  return { name: 'serve', ...values };
}

function checkConfigCommand(argv: string[]): CliCommand {
  const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
  const file = positionals[0] ?? values.config;
  if (!file || positionals.length > 1) throw new UsageError('check-config takes one config file: check-config gateway.yaml');
  return { name: 'check-config', file };
}

function tokenCommand(argv: string[]): CliCommand {
  const { values } = parse(argv, {
    config: { type: 'string' },
    'private-key': { type: 'string' },
    role: { type: 'string' },
    org: { type: 'string' },
    department: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  });
  const role = values.role?.toUpperCase();
  if (!role || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`token needs --role, one of ${ROLES.join(', ')}`);
  if (!values.org && role !== 'SUPERADMIN') throw new UsageError('token needs --org (only a SUPERADMIN token may leave it out)');
  if (role === 'DEPARTMENT_HEAD' && !values.department) throw new UsageError('a DEPARTMENT_HEAD token needs --department');
  return {
    name: 'token',
    role: role as Role,
    sub: values.sub ?? `${role.toLowerCase()}-operator`,
    ttlSeconds: values.ttl === undefined ? DEFAULT_TTL_SECONDS : parseDuration(values.ttl),
    ...(values.org ? { org: values.org } : {}),
    ...(values.department ? { department: values.department } : {}),
    ...(values.config ? { config: values.config } : {}),
    ...(values['private-key'] ? { privateKeyFile: values['private-key'] } : {}),
  };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `3600`, `90s`, `30m`, `12h` or `7d`, in seconds; at most a year. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's'] : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > 365 * 86_400) {
    throw new UsageError(`--ttl ${text} is not a duration: give seconds or a number with s, m, h or d (such as 12h), at most 365d`);
  }
  return seconds;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<T extends NonNullable<Options>>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (error) {
    // node's own wording, without its error code prefix, is already plain: "Unknown option '--prot'".
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
}
