/**
 * Reads a vendor's query string parameter by parameter and collects what is wrong with
 * each, for the vendor to word (a FastAPI 422 lists them all, others name the first).
 */

export type QueryProblem =
  | { kind: 'integer' }
  | { kind: 'number'; raw: string }
  | { kind: 'min'; bound: number }
  | { kind: 'max'; bound: number }
  | { kind: 'choice'; allowed: readonly string[] }
  | { kind: 'date' }
  | { kind: 'boolean' }
  | { kind: 'invalid'; message: string };

export class QueryReader<Issue> {
  readonly issues: Issue[] = [];

  constructor(
    private readonly query: URLSearchParams,
    private readonly describe: (name: string, problem: QueryProblem, index?: number) => Issue,
  ) {}

  text(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  /** A whole number written in digits, within the bounds given. */
  integer(name: string, min?: number, max?: number): number | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    if (!/^[+-]?\d+$/.test(raw.trim())) return this.fail(name, { kind: 'integer' });
    const value = Number(raw);
    if (min !== undefined && value < min) return this.fail(name, { kind: 'min', bound: min });
    if (max !== undefined && value > max) return this.fail(name, { kind: 'max', bound: max });
    return value;
  }

  /** Any number as `Number` reads it (not blank). */
  number(name: string): number | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(value) ? value : this.fail(name, { kind: 'number', raw });
  }

  choice(name: string, allowed: readonly string[]): string | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    return allowed.includes(raw) ? raw : this.fail(name, { kind: 'choice', allowed });
  }

  /** Every value of a repeated parameter; each outside `allowed` is an issue of its own. */
  list(name: string, allowed?: readonly string[]): string[] {
    const values = this.query.getAll(name);
    values.forEach((value, index) => {
      if (allowed && !allowed.includes(value)) this.fail(name, { kind: 'choice', allowed }, index);
    });
    return values;
  }

  /** `true` or `false`. */
  boolean(name: string): boolean | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    return raw === 'true' || raw === 'false' ? raw === 'true' : this.fail(name, { kind: 'boolean' });
  }

  /** A date as `Date.parse` reads it, in epoch ms. */
  date(name: string): number | undefined {
    const raw = this.query.get(name);
    if (raw === null) return undefined;
    const ms = Date.parse(raw);
    return Number.isFinite(ms) ? ms : this.fail(name, { kind: 'date' });
  }

  fail(name: string, problem: QueryProblem, index?: number): undefined {
    this.issues.push(this.describe(name, problem, index));
    return undefined;
  }
}
