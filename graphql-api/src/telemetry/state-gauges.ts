import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { RunStatus } from '../common/status';
import { activeCutoff } from '../sessions/login-session.entity';
import { Config } from '../config/config';
import { DatabaseConnector } from '../db/connector';
import { isMysql, readTimestamp } from '../db/dialect';
import { CurrentState } from '../activity/current-state';
import { refreshFleetGauges, resetFleetGauges } from './fleet-gauges';
import { Metrics } from './prometheus';

const IN_PROGRESS = [RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.WAITING_APPROVAL];

/** The fields of mysql2's pool that tell how busy it is (absent from its typings). */
interface MysqlPool {
  config: { connectionLimit: number };
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
}

export interface StateSources {
  config: Config;
  dataSource: DataSource;
  database: DatabaseConnector;
  currentState: CurrentState;
  logger: Logger;
  /** The time (ms) service states are derived at. */
  clock: () => number;
}

/**
 * Gauges read from the database when Prometheus scrapes: a counter kept by each replica would be
 * wrong for what is open right now. Each query reads only the open items through an index.
 */
export class StateGauges {
  private readonly pool: ReturnType<Metrics['poolGauges']> | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly sources: StateSources
  ) {
    metrics.dailyCostBudgetUsd.set(sources.config.dailyCostBudgetUsd);
    metrics.approvalWaitLimitSeconds.set(sources.config.approvalWaitMinutes * 60);
    this.pool = isMysql(sources.dataSource) ? metrics.poolGauges() : undefined;
  }

  async refresh(): Promise<void> {
    const { database, currentState, config, logger } = this.sources;
    const now = new Date();
    this.metrics.databaseConnected.set(database.isConnected ? 1 : 0);
    this.readPool();
    if (!database.isConnected) return this.clearOpenItems();
    try {
      const [sessions, runs, pending, oldest] = await Promise.all([
        currentState.activeSessions(activeCutoff(config.sessionIdleTimeoutMinutes, now.getTime())),
        Promise.all(IN_PROGRESS.map((status) => currentState.runsInStatus(status))),
        currentState.pendingApprovals(),
        this.oldestPendingApproval(),
        refreshFleetGauges(this.metrics, this.sources.dataSource, this.sources.clock()),
      ]);
      this.metrics.activeSessions.set(sessions);
      IN_PROGRESS.forEach((status, i) => this.metrics.workflowRunsInProgress.set({ status }, runs[i]));
      this.metrics.pendingApprovals.set(pending);
      this.metrics.oldestPendingApprovalSeconds.set(
        oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0
      );
    } catch (error) {
      this.clearOpenItems();
      logger.warn({ err: error }, 'metrics: could not read the current state from the database');
    }
  }

  /** No figure is better than a stale one while the database cannot answer. */
  private clearOpenItems(): void {
    const { activeSessions, workflowRunsInProgress, pendingApprovals, oldestPendingApprovalSeconds } = this.metrics;
    for (const gauge of [activeSessions, workflowRunsInProgress, pendingApprovals, oldestPendingApprovalSeconds])
      gauge.reset();
    resetFleetGauges(this.metrics);
  }

  private async oldestPendingApproval(): Promise<Date | null> {
    const [row] = await this.sources.dataSource.query(
      `SELECT MIN(requested_at) AS oldest FROM approvals WHERE decision = 'pending'`
    );
    return row?.oldest ? readTimestamp(row.oldest) : null;
  }

  private readPool(): void {
    const { dataSource } = this.sources;
    const pool = dataSource.isInitialized
      ? ((dataSource.driver as MysqlDriver).pool as Partial<MysqlPool> | undefined)
      : undefined;
    // mysql2 internals: if a new version renames them, the pool gauges go missing, not /metrics.
    if (!this.pool || !pool?._freeConnections || !pool._allConnections || !pool._connectionQueue || !pool.config)
      return;
    const idle = pool._freeConnections.length;
    this.pool.connections.set({ state: 'idle' }, idle);
    this.pool.connections.set({ state: 'in_use' }, pool._allConnections.length - idle);
    this.pool.max.set(pool.config.connectionLimit);
    this.pool.waiting.set(pool._connectionQueue.length);
  }
}
