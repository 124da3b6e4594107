/** Rows per source and the rate, drawn on one terminal line that is rewritten in place. */
export class ExportProgress {
  private readonly started = Date.now();
  private readonly bySource = new Map<string, number>();
  private rows = 0;
  private lastDrawn = 0;

  constructor(private readonly terminal: NodeJS.WriteStream | undefined) {}

  row(source: string | undefined): void {
    this.rows += 1;
    if (source !== undefined) this.bySource.set(source, (this.bySource.get(source) ?? 0) + 1);
    if (this.terminal && Date.now() - this.lastDrawn >= 200) this.draw();
  }

  get count(): number {
    return this.rows;
  }

  /** The final line: every source's status from the trailer. */
  finish(statuses: { source: string; status: string }[] | undefined, outcome: string): void {
    if (!this.terminal) return;
    const states = statuses?.map((report) => `${report.source} ${report.status}`).join(', ');
    this.terminal.write(`\r\x1b[K${this.summary()}${states ? ` | ${states}` : ''} | ${outcome}\n`);
  }

  private draw(): void {
    this.lastDrawn = Date.now();
    const states = [...this.bySource].map(([source, rows]) => `${source} ${rows}`).join(', ');
    this.terminal!.write(`\r\x1b[K${this.summary()} | ${states}`);
  }

  private summary(): string {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    return `${this.rows} rows, ${Math.round(this.rows / seconds)} rows/s`;
  }
}
