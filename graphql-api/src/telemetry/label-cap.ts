/** The label value of everything past a cap, and of a missing value. */
export const OTHER = 'other';
export const UNKNOWN = 'unknown';

/**
 * Keeps a label's cardinality bounded: the first `limit` distinct values keep their own series,
 * every later one is counted as "other". Values come from events, so nothing else bounds them.
 */
export class LabelCap {
  private readonly admitted = new Set<string>();

  constructor(private readonly limit: number) {}

  value(raw: string | null | undefined): string {
    if (raw === null || raw === undefined || raw === '') return UNKNOWN;
    if (this.admitted.has(raw)) return raw;
    if (this.admitted.size >= this.limit) return OTHER;
    this.admitted.add(raw);
    return raw;
  }
}
