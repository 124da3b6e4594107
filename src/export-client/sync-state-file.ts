import { readFile, rename, writeFile } from 'node:fs/promises';

/** What `--sync-state` keeps between runs. */
export interface SyncState {
  agent: string;
  /** The filters the token was issued for; a run with other filters starts a full export. */
  query: Record<string, string>;
  syncToken: string;
  /** When the export that issued the token finished, and how many rows it wrote (for people reading the file). */
  finishedAt: string;
  rows: number;
}

/** The token to continue from, when the file exists and was written for the same agent and filters. */
export async function readSyncToken(path: string, agent: string, query: Record<string, string>): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as Partial<SyncState>;
  if (state.agent !== agent || JSON.stringify(state.query ?? {}) !== JSON.stringify(query)) return undefined;
  return typeof state.syncToken === 'string' ? state.syncToken : undefined;
}

/** Replaces the file in one step (write then rename), so a crash never leaves half a token. */
export async function writeSyncState(path: string, state: SyncState): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, path);
}
