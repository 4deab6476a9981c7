import { DataSource } from 'typeorm';

/**
 * The same figures as each page, computed the way a dashboard without rollups would: straight
 * SQL over the raw tables (MySQL/MariaDB), one statement per figure.
 */
type Range = { from: Date; to: Date };
type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;
/** A drill-down's entity: only the rows whose `column` is `id` (absent: the whole page). */
export type Only = { column: string; id: number } | undefined;

const and = (only: Only) => (only ? ` AND ${only.column} = ${Number(only.id)}` : '');
const where = (only: Only) => (only ? ` WHERE ${only.column} = ${Number(only.id)}` : '');

function windows(now: Date) {
  const midnight = new Date(now);
  midnight.setUTCHours(0, 0, 0, 0);
  return [midnight, new Date(now.getTime() - 7 * 86_400_000)];
}

async function periodCounts(q: Query, table: string, column: string, now: Date, only?: Only) {
  const [today, week] = windows(now);
  await q(
    `SELECT SUM(${column} >= ?) AS today, SUM(${column} >= ?) AS week, COUNT(*) AS total FROM ${table}${where(only)}`,
    [today, week]
  );
}

async function summary(q: Query, table: string, range: Range, groupBy?: string, only?: Only) {
  const key = groupBy ? `${groupBy}, ` : '';
  await q(
    `SELECT ${key}COUNT(*) AS n, SUM(status = 'success') AS ok, SUM(status IN ('failure', 'timeout', 'failed')) AS failed, AVG(duration_ms) AS avg_ms
     FROM ${table} WHERE started_at >= ? AND started_at < ?${and(only)} ${groupBy ? `GROUP BY ${groupBy}` : ''}`,
    [range.from, range.to]
  );
}

async function percentiles(q: Query, table: string, range: Range, groupBy?: string, only?: Only) {
  const partition = groupBy ? `PARTITION BY ${groupBy}` : '';
  await q(
    `SELECT ${groupBy ?? "'all'"} AS k, MIN(CASE WHEN rn >= CEIL(0.5 * cnt) THEN duration_ms END) AS p50,
            MIN(CASE WHEN rn >= CEIL(0.95 * cnt) THEN duration_ms END) AS p95, MIN(CASE WHEN rn >= CEIL(0.99 * cnt) THEN duration_ms END) AS p99
     FROM (SELECT ${groupBy ? `${groupBy}, ` : ''}duration_ms, ROW_NUMBER() OVER (${partition} ORDER BY duration_ms) AS rn, COUNT(*) OVER (${partition}) AS cnt
           FROM ${table} WHERE started_at >= ? AND started_at < ? AND duration_ms IS NOT NULL${and(only)}) t GROUP BY k`,
    [range.from, range.to]
  );
}

async function series(q: Query, table: string, column: string, range: Range, byStatus: boolean, only?: Only) {
  await q(
    `SELECT FLOOR(UNIX_TIMESTAMP(${column}) / 600) AS slot${byStatus ? ', status' : ''}, COUNT(*) AS n FROM ${table}
     WHERE ${column} >= ? AND ${column} < ?${and(only)} GROUP BY slot${byStatus ? ', status' : ''}`,
    [range.from, range.to]
  );
}

async function lastErrors(q: Query, table: string, owner: string, only?: Only) {
  await q(
    `SELECT e.${owner}, e.started_at, e.error_type, e.error_message FROM ${table} e
     JOIN (SELECT ${owner}, MAX(started_at) AS at FROM ${table} WHERE status IN ('failure', 'timeout')${and(only)} GROUP BY ${owner}) l
       ON l.${owner} = e.${owner} AND l.at = e.started_at`
  );
}

/** The figures the Tools and Agents pages share, over tool or agent executions. */
async function executionPage(q: Query, table: string, owner: string, range: Range, now: Date, only: Only) {
  await periodCounts(q, table, 'started_at', now, only);
  await summary(q, table, range, undefined, only);
  await percentiles(q, table, range, undefined, only);
  await series(q, table, 'started_at', range, true, only);
  await summary(q, table, range, owner, only);
  await percentiles(q, table, range, owner, only);
  await lastErrors(q, table, owner, only);
}

const active = (now: Date) => [new Date(now.getTime() - 30 * 60_000)];

export const BASELINES: Record<string, (q: Query, range: Range, now: Date, only?: Only) => Promise<void>> = {
  async overview(q, range, now) {
    await periodCounts(q, 'login_sessions', 'started_at', now);
    await q(`SELECT COUNT(*) FROM login_sessions WHERE ended_at IS NULL AND last_activity_at >= ?`, active(now));
    await periodCounts(q, 'workflow_runs', 'started_at', now);
    await q(`SELECT COUNT(*) FROM workflow_runs WHERE status = 'running'`);
    await periodCounts(q, 'agent_executions', 'started_at', now);
    await summary(q, 'agent_executions', range);
    await periodCounts(q, 'tool_executions', 'started_at', now);
    await summary(q, 'tool_executions', range);
    await q(
      `SELECT SUM(decision = 'pending'), SUM(decision <> 'pending' AND requested_at >= ? AND requested_at < ?) FROM approvals`,
      [range.from, range.to]
    );
    await periodCounts(q, 'plans', 'created_at', now);
    await q(`SELECT COUNT(*) FROM plans WHERE status = 'pending_approval'`);
  },
  async users(q, range, now) {
    await periodCounts(q, 'login_sessions', 'started_at', now);
    await q(`SELECT COUNT(*) FROM login_sessions WHERE ended_at IS NULL AND last_activity_at >= ?`, active(now));
    await series(q, 'login_sessions', 'started_at', range, false);
    await series(q, 'login_sessions', 'last_activity_at', range, false);
    await q(
      `SELECT u.id, u.external_id, u.name, u.last_seen_at,
              (SELECT COUNT(*) FROM login_sessions s WHERE s.user_id = u.id AND s.started_at >= ? AND s.started_at < ?) AS logins,
              (SELECT COUNT(*) FROM workflows w WHERE w.owner_id = u.id) AS workflows,
              (SELECT COUNT(*) FROM workflow_runs r WHERE r.triggered_by_id = u.id AND r.started_at >= ? AND r.started_at < ?) AS runs,
              (SELECT COUNT(*) FROM agent_executions e WHERE e.user_id = u.id AND e.started_at >= ? AND e.started_at < ?) AS executions,
              (SELECT SUM(e.total_tokens) FROM agent_executions e WHERE e.user_id = u.id AND e.started_at >= ? AND e.started_at < ?) AS tokens,
              (SELECT SUM(e.cost_nanos) FROM agent_executions e WHERE e.user_id = u.id AND e.started_at >= ? AND e.started_at < ?) AS cost
       FROM users u`,
      Array(5).fill([range.from, range.to]).flat()
    );
  },
  tools: (q, range, now, only) => executionPage(q, 'tool_executions', 'tool_id', range, now, only),
  async agents(q, range, now, only) {
    await executionPage(q, 'agent_executions', 'agent_id', range, now, only);
    // Models and providers are across all agents, on the Agents page only, not one agent's.
    for (const column of only ? [] : ['request_model', 'provider']) {
      await q(
        `SELECT ${column}, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost_nanos) FROM agent_executions WHERE started_at >= ? AND started_at < ? GROUP BY ${column}`,
        [range.from, range.to]
      );
    }
    await q(
      `SELECT DATE(started_at) AS day, SUM(input_tokens), SUM(output_tokens), SUM(cost_nanos) FROM agent_executions WHERE started_at >= ?${and(only)} GROUP BY day`,
      [new Date(now.getTime() - 30 * 86_400_000)]
    );
  },
  async dags(q, range, now, only) {
    await periodCounts(q, 'workflow_runs', 'started_at', now, only);
    await summary(q, 'workflow_runs', range, undefined, only);
    await percentiles(q, 'workflow_runs', range, undefined, only);
    await q(
      `SELECT status, COUNT(*) FROM workflow_runs WHERE status IN ('running', 'waiting_approval')${and(only)} GROUP BY status`
    );
    await series(q, 'workflow_runs', 'started_at', range, false, only);
    await series(q, 'workflow_runs', 'finished_at', range, false, only);
    await summary(q, 'workflow_runs', range, 'workflow_id', only);
    await percentiles(q, 'workflow_runs', range, 'workflow_id', only);
    await q(
      `SELECT r.workflow_id, r.status, r.started_at FROM workflow_runs r
       JOIN (SELECT workflow_id, MAX(started_at) AS at FROM workflow_runs${where(only)} GROUP BY workflow_id) l ON l.workflow_id = r.workflow_id AND l.at = r.started_at`
    );
    await q(
      `SELECT workflow_id, status, COUNT(*) FROM task_runs WHERE started_at >= ? AND started_at < ?${and(only)} GROUP BY workflow_id, status`,
      [range.from, range.to]
    );
  },
  async planner(q, range, now, only) {
    await periodCounts(q, 'plans', 'created_at', now, only);
    await periodCounts(q, 'planner_conversations', 'started_at', now, only);
    await q(
      `SELECT status, COUNT(*), AVG(TIMESTAMPDIFF(MICROSECOND, created_at, decided_at) / 1000) FROM plans WHERE created_at >= ? AND created_at < ?${and(only)} GROUP BY status`,
      [range.from, range.to]
    );
    await q(`SELECT COUNT(*) FROM plans WHERE status = 'pending_approval'`);
    await series(q, 'plans', 'created_at', range, false, only);
    await series(q, 'planner_conversations', 'started_at', range, false, only);
    await q(
      `SELECT user_id, COUNT(*) AS n FROM plans WHERE created_at >= ? AND created_at < ?${and(only)} GROUP BY user_id ORDER BY n DESC LIMIT 10`,
      [range.from, range.to]
    );
  },
};

export function baselineRunner(dataSource: DataSource): Query {
  return (sql, parameters) => dataSource.query(sql, parameters as unknown[]);
}
