import { DataSource } from 'typeorm';
import { dialectOf, placeholders, readTimestamp } from '../db/dialect';
import { ACTIVE_SESSION_SQL } from '../sessions/login-session.entity';

/**
 * Figures about "now" (what is running or waiting) and the latest failure or run of each agent,
 * tool and workflow. Counts read the raw tables through indexes whose matching rows are the open
 * items themselves; "latest" values are kept on the agent, tool or workflow row at ingestion.
 */
export class CurrentState {
  constructor(private readonly dataSource: DataSource) {}

  /** Sessions active now; only those of `userIds` when given (record ids). */
  activeSessions(since: Date, userIds?: number[]): Promise<number> {
    return this.count(
      `SELECT COUNT(*) AS n FROM login_sessions WHERE ${ACTIVE_SESSION_SQL}`,
      [dialectOf(this.dataSource).timestamp(since)],
      { user_id: userIds }
    );
  }

  /** Runs in a status now; only those of `workflowIds` and triggered by `userIds` when given. */
  runsInStatus(status: string, narrow: { workflowIds?: number[]; userIds?: number[] } = {}): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM workflow_runs WHERE status = ?`, [status], {
      workflow_id: narrow.workflowIds,
      triggered_by_id: narrow.userIds,
    });
  }

  pendingApprovals(): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM approvals WHERE decision = 'pending'`, []);
  }

  /** Plans in a status now; only those of `userIds` when given. */
  plansInStatus(status: string, userIds?: number[]): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM plans WHERE status = ?`, [status], { user_id: userIds });
  }

  /** The latest failure (failure or timeout) of each agent or tool, as kept with it at ingestion. */
  async lastErrors(table: 'agents' | 'tools', ids: number[]) {
    if (ids.length === 0) return new Map<number, { at: Date; type: string | null; message: string | null }>();
    const rows: {
      id: number;
      last_error_at: Date | string | null;
      last_error_type: string | null;
      last_error_message: string | null;
    }[] = await this.dataSource.query(
      `SELECT id, last_error_at, last_error_type, last_error_message FROM ${table} WHERE last_error_at IS NOT NULL AND id IN (${placeholders(ids)})`,
      ids
    );
    return new Map(
      rows.map((row) => [
        Number(row.id),
        { at: readTimestamp(row.last_error_at!), type: row.last_error_type, message: row.last_error_message },
      ])
    );
  }

  /** The latest run of each workflow, as kept with it at ingestion. */
  async lastRuns(workflowIds: number[]) {
    if (workflowIds.length === 0) return new Map<number, { status: string; at: Date }>();
    const rows: { id: number; last_run_status: string; last_run_at: Date | string }[] = await this.dataSource.query(
      `SELECT id, last_run_status, last_run_at FROM workflows WHERE last_run_at IS NOT NULL AND id IN (${placeholders(workflowIds)})`,
      workflowIds
    );
    return new Map(
      rows.map((row) => [Number(row.id), { status: row.last_run_status, at: readTimestamp(row.last_run_at) }])
    );
  }

  /** A COUNT narrowed to rows whose columns hold one of the given ids (a column without ids is not narrowed). */
  private async count(
    sql: string,
    parameters: unknown[],
    narrow: Record<string, number[] | undefined> = {}
  ): Promise<number> {
    const clauses: string[] = [];
    for (const [column, ids] of Object.entries(narrow)) {
      if (!ids) continue;
      if (ids.length === 0) return 0;
      clauses.push(` AND ${column} IN (${placeholders(ids)})`);
      parameters = [...parameters, ...ids];
    }
    const [row] = await this.dataSource.query(sql + clauses.join(''), parameters);
    return Number(row.n);
  }
}
