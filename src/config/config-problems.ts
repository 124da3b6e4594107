/**
 * The problems of one config, gathered from every check so a file is fixed in one round.
 * One field gets one problem: a later check says nothing about a field an earlier one
 * already reported (a missing variable is not also "too short").
 */
export class ConfigProblems {
  readonly list: string[] = [];

  add(problems: readonly string[]): void {
    for (const problem of problems) {
      const path = pathOf(problem);
      if (!this.list.some((earlier) => pathOf(earlier) === path)) this.list.push(problem);
    }
  }

  /** Whether any problem was reported at `path` or inside it. */
  touches(path: string): boolean {
    return this.list.some((problem) => isWithin(pathOf(problem), path));
  }
}

/** `connections.x.apiKey: environment variable …` → `connections.x.apiKey`. */
function pathOf(problem: string): string {
  const colon = problem.indexOf(':');
  return colon < 0 ? problem : problem.slice(0, colon);
}

function isWithin(path: string, outer: string): boolean {
  return path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);
}
