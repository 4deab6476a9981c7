import { DataSource } from 'typeorm';
import { dialectOf, readTimestamp } from '../db/dialect';

/**
 * Figures about "now" (what is running or waiting) and "latest" rows. They read the raw tables
 * through indexes whose matching rows are the open items themselves, so their cost follows what
 * is open now, not history.
 */
export class CurrentState {
  constructor(private readonly dataSource: DataSource) {}

  activeSessions(since: Date): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM login_sessions WHERE ended_at IS NULL AND last_activity_at >= ?`, [
      dialectOf(this.dataSource).timestamp(since),
    ]);
  }

  runsInStatus(status: string): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM workflow_runs WHERE status = ?`, [status]);
  }

  pendingApprovals(): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM approvals WHERE decision = 'pending'`, []);
  }

  plansInStatus(status: string): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM plans WHERE status = ?`, [status]);
  }

  /** The latest failure (failure or timeout) of each agent or tool, one index lookup each. */
  async lastErrors(table: 'agent_executions' | 'tool_executions', column: 'agent_id' | 'tool_id', ids: number[]) {
    const lookups = ids.flatMap((id) => ['failure', 'timeout'].map((status) => ({ id, status })));
    const rows: { owner: number; started_at: Date | string; error_type: string | null; error_message: string | null }[] = await this.latestEach(
      lookups.map(
        () => `SELECT ${column} AS owner, started_at, error_type, error_message FROM ${table} WHERE ${column} = ? AND status = ? ORDER BY started_at DESC LIMIT 1`,
      ),
      lookups.flatMap((lookup) => [lookup.id, lookup.status]),
    );
    const latest = new Map<number, { at: Date; type: string | null; message: string | null }>();
    for (const row of rows) {
      const at = readTimestamp(row.started_at);
      const owner = Number(row.owner);
      if ((latest.get(owner)?.at.getTime() ?? -Infinity) < at.getTime()) latest.set(owner, { at, type: row.error_type, message: row.error_message });
    }
    return latest;
  }

  /** The latest run of each workflow. */
  async lastRuns(workflowIds: number[]) {
    const rows: { owner: number; status: string; started_at: Date | string }[] = await this.latestEach(
      workflowIds.map(() => `SELECT workflow_id AS owner, status, started_at FROM workflow_runs WHERE workflow_id = ? ORDER BY started_at DESC LIMIT 1`),
      workflowIds,
    );
    return new Map(rows.map((row) => [Number(row.owner), { status: row.status, at: readTimestamp(row.started_at) }]));
  }

  /** Runs many "latest row" lookups as one statement (each stays an index lookup on both databases). */
  private async latestEach<T>(selects: string[], parameters: unknown[]): Promise<T[]> {
    if (selects.length === 0) return [];
    const sql = selects.map((select, i) => `SELECT * FROM (${select}) AS l${i}`).join(' UNION ALL ');
    return this.dataSource.query(sql, parameters);
  }

  private async count(sql: string, parameters: unknown[]): Promise<number> {
    const [row] = await this.dataSource.query(sql, parameters);
    return Number(row.n);
  }
}
