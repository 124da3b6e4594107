import { EXPORT_USAGE, parseExportOptions, wantsHelp } from '../src/export-client/export-options.js';
import { runExport } from '../src/export-client/run-export.js';

/**
 * npm run export -- --agent ID [filters] [--format csv] [--out FILE] [--sync-state FILE]; --help lists them.
 *
 * Exit codes: 0 complete; 3 cut (a source failed or the connection broke: run again, or
 * resume with the printed --cursor); 2 bad usage; 1 the gateway refused the export.
 */
async function main(): Promise<number> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseExportOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${EXPORT_USAGE}`);
    return 2;
  }
  const outcome = await runExport(options, { stdout: process.stdout, stderr: process.stderr });
  if (outcome.complete) {
    process.stderr.write(`export complete: ${outcome.rows} rows${outcome.delta ? ' changed since the last run' : ''}\n`);
    return 0;
  }
  const failed = outcome.sources?.filter((source) => source.error).map((source) => `${source.source} ${source.status} (${source.error!.code})`);
  process.stderr.write(
    `export cut after ${outcome.rows} rows${outcome.problem ? `: ${outcome.problem}` : ''}${failed?.length ? `; ${failed.join(', ')}` : ''}\n` +
      (outcome.cursor ? `resume with: --cursor ${outcome.cursor}\n` : ''),
  );
  return 3;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
