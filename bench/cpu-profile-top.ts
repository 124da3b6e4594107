import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/**
 * The functions that held the CPU longest in the `.cpuprofile` files of `folder`, by self
 * time and by total time (self plus callees), as shares of the busy samples (idle ones left out).
 */
export function topOfProfiles(folder: string, count = 12): string {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let samples = 0;
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    for (const id of profile.samples) {
      const name = nameOf(byId.get(id)!);
      if (name === '(idle)') continue;
      samples += 1;
      self.set(name, (self.get(name) ?? 0) + 1);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = nameOf(byId.get(at)!);
        if (seen.has(frame)) continue;
        seen.add(frame);
        total.set(frame, (total.get(frame) ?? 0) + 1);
      }
    }
  }
  const rows = (table: Map<string, number>) =>
    [...table]
      .filter(([name]) => !name.startsWith('(root)') && !name.startsWith('(program)') && !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, hits]) => `  ${((100 * hits) / samples).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `CPU profile, ${samples} busy samples\nby self time:\n${rows(self)}\nby total time:\n${rows(total)}`;
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(dist|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}
