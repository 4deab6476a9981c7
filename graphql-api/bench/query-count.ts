import { DataSource } from 'typeorm';

/**
 * Counts the SQL statements the API runs, by kind and table ("SELECT agent_executions",
 * "INSERT rollups"…), so a report can say how many queries each event costs. TypeORM hands every
 * statement to its logger before running it; this wraps that one call.
 */
export class QueryCount {
  private counts = new Map<string, number>();

  constructor(dataSource: DataSource) {
    const logger = dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, queryRunner) => {
      const statement = QueryCount.statement(query);
      this.counts.set(statement, (this.counts.get(statement) ?? 0) + 1);
      logQuery(query, parameters, queryRunner);
    };
  }

  /** "INSERT INTO `rollups` (…) … ON DUPLICATE KEY …" → "UPSERT rollups"; transaction control by its own words. */
  static statement(query: string): string {
    const table = /\b(?:FROM|INTO|UPDATE)\s+[`"]?(\w+)/i.exec(query)?.[1];
    if (!table) return query.trim().split(/\s+/).slice(0, 3).join(' ').toUpperCase();
    let verb = /^\s*(\w+)/.exec(query)![1].toUpperCase();
    if (/^\s*INSERT\s+IGNORE\b/i.test(query)) verb = 'INSERT IGNORE';
    else if (/\bON (DUPLICATE KEY|CONFLICT)\b/i.test(query)) verb = 'UPSERT';
    else if (/\bFOR UPDATE\s*$/i.test(query)) verb = 'SELECT FOR UPDATE';
    return `${verb} ${table}`;
  }

  /** The counts since the last take, most frequent first; starts counting afresh. */
  take(): Record<string, number> {
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1]);
    this.counts = new Map();
    return Object.fromEntries(sorted);
  }
}
