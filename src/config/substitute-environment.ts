/**
 * `${NAME}` anywhere in a string takes the value of that environment variable. The
 * references are swapped for inert placeholders before parsing, so a reference inside a
 * YAML flow mapping (`{ secret: ${KEY} }`) parses, and a secret's characters can never
 * change the document's structure.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function substituteEnvironment(
  text: string,
  env: NodeJS.ProcessEnv,
  parse: (text: string) => unknown,
): { document: unknown; problems: string[] } {
  const names: string[] = [];
  const protectedText = text.replace(REFERENCE, (_match, name: string) => {
    names.push(name);
    return `__gateway_env_${names.length - 1}__`;
  });
  let parsed: unknown;
  try {
    parsed = parse(protectedText);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'unreadable';
    return { document: undefined, problems: [`the file is not valid YAML or JSON: ${reason}`] };
  }
  const problems: string[] = [];
  const document = resolve(parsed, '', names, env, problems);
  return { document, problems };
}

const PLACEHOLDER = /__gateway_env_(\d+)__/g;

function resolve(value: unknown, path: string, names: string[], env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_match, index: string) => {
      const name = names[Number(index)]!;
      const found = env[name];
      if (found === undefined || found === '') {
        problems.push(`${path || '(root)'}: environment variable ${name} is not set`);
        return '';
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => resolve(item, `${path}[${index}]`, names, env, problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolve(item, path ? `${path}.${key}` : key, names, env, problems)]),
    );
  }
  return value;
}

/** Before resolution: the value is made only of `${NAME}` references, nothing written literally. */
export function isOnlyReferences(value: unknown): boolean {
  return typeof value === 'string' && /^(?:__gateway_env_\d+__)+$/.test(value);
}
