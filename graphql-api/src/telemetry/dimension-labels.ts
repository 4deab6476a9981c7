import { DataSource, In, ObjectLiteral } from 'typeorm';
import { DIMENSIONS } from '../recording/dimensions';
import { OTHER, UNKNOWN } from './label-cap';

export type LabelledDimension = 'agent' | 'tool' | 'workflow';

/**
 * Label values of agents, tools and workflows, which records name by id. The first `limit` of
 * each kind get their own name, later ones are "other" (without a lookup). A name never changes,
 * so each is read once.
 */
export class DimensionLabels {
  private readonly names: Record<LabelledDimension, Map<number, string>> = {
    agent: new Map(),
    tool: new Map(),
    workflow: new Map(),
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly limit: number
  ) {}

  /** Reads the names of ids not labelled yet, while there is room for them. */
  async load(kind: LabelledDimension, ids: Iterable<number>): Promise<void> {
    const known = this.names[kind];
    // Only as many as there is room for, oldest first, so the lookup stays small.
    const missing = [...new Set(ids)]
      .filter((id) => !known.has(id))
      .sort((a, b) => a - b)
      .slice(0, this.limit - known.size);
    if (missing.length === 0) return;
    const { entity, keyProperty } = DIMENSIONS[kind];
    const rows: ObjectLiteral[] = await this.dataSource
      .getRepository<ObjectLiteral>(entity)
      .find({ select: { id: true, [keyProperty]: true }, where: { id: In(missing) } });
    for (const row of rows) known.set(row.id, row[keyProperty]);
  }

  label(kind: LabelledDimension, id: number): string {
    const known = this.names[kind];
    return known.get(id) ?? (known.size >= this.limit ? OTHER : UNKNOWN);
  }
}
