import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * Builds the explorer page (explorer/) into dist/explorer: one script, one style sheet, the
 * HTML page and its icon, minified, with nothing fetched from outside. `npm start` runs it first
 * (prestart) with `--if-stale`, which builds only when a file the last build read has
 * changed, so `npm start -- --help` or `token` do not wait for esbuild. What it says goes
 * to stderr: `export TOKEN=$(npm start -s -- token …)` captures the token alone.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXPLORER_SOURCE = join(ROOT, 'explorer');
export const EXPLORER_OUTPUT = join(ROOT, 'dist', 'explorer');
const OUTPUT_FILES = ['index.html', 'app.js', 'app.css', 'favicon.svg'] as const;

export interface ExplorerBuild {
  files: { name: string; bytes: number; gzipBytes: number }[];
  /** Every file the build read (project-relative), and one digest of their contents. */
  inputs: string[];
  inputsDigest: string;
}

export async function buildExplorer(outdir = EXPLORER_OUTPUT): Promise<ExplorerBuild> {
  // Loaded here, not at the top: a check that finds the build current never pays for esbuild.
  const { build } = await import('esbuild');
  await mkdir(outdir, { recursive: true });
  const script = await build({
    entryPoints: { app: join(EXPLORER_SOURCE, 'src', 'main.tsx') },
    absWorkingDir: ROOT,
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(EXPLORER_SOURCE, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const style = await build({
    entryPoints: [join(EXPLORER_SOURCE, 'app.css')],
    absWorkingDir: ROOT,
    outdir,
    bundle: true,
    minify: true,
    logLevel: 'warning',
    metafile: true,
  });
  for (const name of ['index.html', 'favicon.svg']) await copyFile(join(EXPLORER_SOURCE, name), join(outdir, name));
  const files = [];
  for (const name of OUTPUT_FILES) {
    const content = await readFile(join(outdir, name));
    files.push({ name, bytes: content.length, gzipBytes: gzipSync(content).length });
  }
  const inputs = [
    ...new Set([
      ...Object.keys(script.metafile.inputs),
      ...Object.keys(style.metafile.inputs),
      'explorer/index.html',
      'explorer/favicon.svg',
      'explorer/tsconfig.json',
      'scripts/build-explorer.ts',
    ]),
  ].sort();
  const record: ExplorerBuild = { files, inputs, inputsDigest: await digestOf(inputs) };
  await writeFile(join(outdir, 'build.json'), JSON.stringify(record, null, 2));
  return record;
}

/** True when `outdir` holds a build whose inputs are all unchanged since it was made. */
export async function explorerIsCurrent(outdir = EXPLORER_OUTPUT): Promise<boolean> {
  try {
    const record = JSON.parse(await readFile(join(outdir, 'build.json'), 'utf8')) as Partial<ExplorerBuild>;
    if (!Array.isArray(record.inputs) || typeof record.inputsDigest !== 'string') return false;
    await Promise.all(OUTPUT_FILES.map((name) => readFile(join(outdir, name))));
    return (await digestOf(record.inputs)) === record.inputsDigest;
  } catch {
    // No build, a missing output or a deleted input: build again.
    return false;
  }
}

async function digestOf(inputs: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`${input}\0`).update(await readFile(join(ROOT, input))).update('\0');
  return hash.digest('hex');
}

export function describeBuild({ files }: ExplorerBuild): string {
  const total = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  return `explorer built: ${files.map((file) => `${file.name} ${file.bytes} B (${file.gzipBytes} B gzip)`).join(', ')}; ${total} B gzip in all`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || !(await explorerIsCurrent())) process.stderr.write(`${describeBuild(await buildExplorer())}\n`);
}
