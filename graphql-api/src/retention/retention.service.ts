import { DataSource } from 'typeorm';
import { dialectOf } from '../db/dialect';

const BATCH = 1000;

// Raw tables, the time that ages their rows and their key. Task runs and planner messages go with
// their run and conversation (ON DELETE CASCADE); users, agents, tools and workflows are kept.
// Received OTLP spans (kept so that a late span finds its trace) age by when they came.
const TABLES: { table: string; time: string; key?: string[] }[] = [
  { table: 'tool_executions', time: 'started_at' },
  { table: 'agent_executions', time: 'started_at' },
  { table: 'approvals', time: 'requested_at' },
  { table: 'workflow_runs', time: 'started_at' },
  { table: 'plans', time: 'created_at' },
  { table: 'planner_conversations', time: 'started_at' },
  { table: 'login_sessions', time: 'started_at' },
  { table: 'service_heartbeats', time: 'at' },
  { table: 'health_probes', time: 'at' },
  { table: 'service_state_changes', time: 'at' },
  { table: 'otlp_spans', time: 'received_at', key: ['trace_id', 'span_id'] },
];

/**
 * Deletes raw events older than RETENTION_DAYS, a batch at a time so no statement holds locks
 * for long. The rollups are not touched: statistics keep the whole history.
 */
export async function deleteExpiredEvents(
  dataSource: DataSource,
  days: number,
  now = Date.now()
): Promise<Record<string, number>> {
  const cutoff = dialectOf(dataSource).timestamp(new Date(now - days * 86_400_000));
  const deleted: Record<string, number> = {};
  const runner = dataSource.createQueryRunner();
  try {
    for (const { table, time, key = ['id'] } of TABLES) {
      deleted[table] = 0;
      const columns = key.join(', ');
      for (let count = BATCH; count === BATCH;) {
        // The derived table lets MySQL take LIMIT inside IN; SQLite reads it the same way (a row value for two columns).
        const result = await runner.query(
          `DELETE FROM ${table} WHERE (${columns}) IN (SELECT ${columns} FROM (SELECT ${columns} FROM ${table} WHERE ${time} < ? ORDER BY ${columns} LIMIT ${BATCH}) AS expired)`,
          [cutoff],
          true
        );
        count = result.affected ?? 0;
        deleted[table] += count;
      }
    }
  } finally {
    await runner.release();
  }
  return deleted;
}
