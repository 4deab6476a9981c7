import type { DataSource } from 'typeorm';
import type { Event, EventKind } from './events';

/** The table and key column of each kind of record, and of the dimensions events create. */
const TABLES = {
  users: 'external_id',
  agents: 'name',
  tools: 'name',
  login_sessions: 'external_id',
  agent_executions: 'request_id',
  tool_executions: 'request_id',
  workflows: 'key',
  workflow_runs: 'run_id',
  task_runs: 'external_id',
  approvals: 'external_id',
  plans: 'external_id',
  planner_conversations: 'external_id',
  planner_messages: 'external_id',
} as const;
type Table = keyof typeof TABLES;

/** The record an accepted event answers with (its id), by kind: [table, key field of the event]. */
const ANSWERED: Record<EventKind, [Table, string]> = {
  login: ['login_sessions', 'sessionId'],
  sessionActivity: ['login_sessions', 'sessionId'],
  sessionEnd: ['login_sessions', 'sessionId'],
  agentExecution: ['agent_executions', 'requestId'],
  toolExecution: ['tool_executions', 'requestId'],
  workflow: ['workflows', 'key'],
  workflowRun: ['workflow_runs', 'runId'],
  taskRun: ['task_runs', 'taskRunId'],
  approvalRequested: ['approvals', 'approvalId'],
  approvalDecided: ['approvals', 'approvalId'],
  plan: ['plans', 'planId'],
  conversationMessage: ['planner_conversations', 'conversationId'],
};

/** Every other record an accepted event finds or creates: [table, field of the event]. */
const ALSO: Partial<Record<EventKind, [Table, string][]>> = {
  login: [['users', 'userId']],
  sessionActivity: [['users', 'userId']],
  sessionEnd: [['users', 'userId']],
  agentExecution: [
    ['agents', 'agent'],
    ['users', 'userId'],
  ],
  toolExecution: [
    ['tools', 'tool'],
    ['users', 'userId'],
  ],
  workflow: [['users', 'ownerId']],
  workflowRun: [
    ['workflows', 'workflowKey'],
    ['users', 'triggeredBy'],
  ],
  taskRun: [
    ['agents', 'agent'],
    ['tools', 'tool'],
  ],
  approvalDecided: [['users', 'decidedBy']],
  plan: [
    ['users', 'userId'],
    ['planner_conversations', 'conversationId'],
  ],
  conversationMessage: [
    ['planner_messages', 'messageId'],
    ['users', 'userId'],
  ],
};

/**
 * A lone surrogate reaches the database as U+FFFD; names are stored as the README says: NFC,
 * without invisible format characters, other spaces made plain, trimmed.
 */
const stored = (table: Table, value: string) => {
  const wellFormed = Buffer.from(value, 'utf8').toString('utf8');
  if (table !== 'agents' && table !== 'tools') return wellFormed;
  return wellFormed
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Zs}/gu, ' ')
    .trim();
};

/**
 * What the API said it stored: the keys of every record that accepted events made, and the id it
 * answered for each. `differences` then reads the database and lists whatever does not match.
 */
export class AcceptedLedger {
  private readonly keys = new Map<Table, Set<string>>(
    Object.keys(TABLES).map((table) => [table as Table, new Set<string>()])
  );
  private readonly answeredIds = new Map<string, string>();
  accepted = 0;
  rejected = 0;

  record(kind: EventKind, event: Event, id: string): void {
    this.accepted += 1;
    const [table, field] = ANSWERED[kind];
    const key = stored(table, event[field]);
    this.keys.get(table)!.add(key);
    const previous = this.answeredIds.get(`${table}:${key}`);
    if (previous !== undefined && previous !== id)
      throw new Error(`${table} "${key}" was answered with id ${previous}, then ${id}`);
    this.answeredIds.set(`${table}:${key}`, id);
    for (const [other, otherField] of ALSO[kind] ?? []) {
      const value = event[otherField];
      if (value !== null && value !== undefined) this.keys.get(other)!.add(stored(other, value));
    }
  }

  /** Each table's keys that are stored but were never accepted, or accepted but not stored, and answered ids that differ. */
  async differences(dataSource: DataSource): Promise<Record<string, unknown>> {
    const quote = dataSource.options.type === 'mysql' ? (name: string) => `\`${name}\`` : (name: string) => `"${name}"`;
    const found: Record<string, unknown> = {};
    for (const [table, column] of Object.entries(TABLES) as [Table, string][]) {
      const rows: { id: number | string; k: string }[] = await dataSource.query(
        `SELECT id, ${quote(column)} AS k FROM ${quote(table)}`
      );
      const inDatabase = new Map(rows.map((row) => [row.k, String(row.id)]));
      const expected = this.keys.get(table)!;
      const unexpected = [...inDatabase.keys()].filter((key) => !expected.has(key));
      const missing = [...expected].filter((key) => !inDatabase.has(key));
      const wrongIds = [...expected].filter(
        (key) =>
          this.answeredIds.has(`${table}:${key}`) && this.answeredIds.get(`${table}:${key}`) !== inDatabase.get(key)
      );
      if (unexpected.length || missing.length || wrongIds.length) found[table] = { unexpected, missing, wrongIds };
    }
    return found;
  }

  /** How many records the accepted events made, per table (to show the comparison is not vacuous). */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.keys].map(([table, keys]) => [table, keys.size]));
  }
}
