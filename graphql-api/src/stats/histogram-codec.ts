/** A sparse histogram as stored: JSON of its non-empty bins, e.g. {"41":3,"42":1}. */
export type SparseBins = Map<number, number>;

export function decodeBins(text: string | null | undefined, into: SparseBins = new Map()): SparseBins {
  if (!text) return into;
  for (const [bin, count] of Object.entries(JSON.parse(text) as Record<string, number>)) {
    into.set(Number(bin), (into.get(Number(bin)) ?? 0) + count);
  }
  return into;
}

export function encodeBins(bins: SparseBins): string {
  const entries = [...bins.entries()].filter(([, count]) => count !== 0).sort(([a], [b]) => a - b);
  return JSON.stringify(Object.fromEntries(entries));
}
