import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Builds the explorer page (explorer/) into dist/explorer: one script, one style sheet and
 * the HTML page, minified, with nothing fetched from outside. `npm start` runs it first
 * (prestart), so it must stay fast: esbuild does it in well under a second.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXPLORER_SOURCE = join(ROOT, 'explorer');
export const EXPLORER_OUTPUT = join(ROOT, 'dist', 'explorer');

export interface ExplorerBuild {
  files: { name: string; bytes: number; gzipBytes: number }[];
}

export async function buildExplorer(outdir = EXPLORER_OUTPUT): Promise<ExplorerBuild> {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { app: join(EXPLORER_SOURCE, 'src', 'main.tsx') },
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
  });
  await build({ entryPoints: [join(EXPLORER_SOURCE, 'app.css')], outdir, bundle: true, minify: true, logLevel: 'warning' });
  await copyFile(join(EXPLORER_SOURCE, 'index.html'), join(outdir, 'index.html'));
  const files = [];
  for (const name of ['index.html', 'app.js', 'app.css']) {
    const content = await readFile(join(outdir, name));
    files.push({ name, bytes: content.length, gzipBytes: gzipSync(content).length });
  }
  await writeFile(join(outdir, 'build.json'), JSON.stringify({ files }, null, 2));
  return { files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files } = await buildExplorer();
  const total = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  process.stdout.write(`explorer built: ${files.map((file) => `${file.name} ${file.bytes} B (${file.gzipBytes} B gzip)`).join(', ')}; ${total} B gzip in all\n`);
}
