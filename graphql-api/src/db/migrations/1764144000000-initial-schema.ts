import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

// One migration for MySQL/MariaDB and SQLite: TypeORM's Table API renders each dialect's DDL.
// 'integer' (not 'int') so that SQLite makes it the rowid alias it can AUTOINCREMENT.
const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
// Identifiers compare exactly ("User-A" is not "user-a") on MySQL as on SQLite: a binary collation.
export const IDENTIFIER_COLLATION = 'utf8mb4_bin';
const key = (name: string): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '191',
  collation: IDENTIFIER_COLLATION,
});
const optionalKey = (name: string): TableColumnOptions => ({ ...key(name), isNullable: true });
const text = (name: string, length: number, nullable = true): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const longText = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
// Payloads may be up to PAYLOAD_MAX_BYTES (1 MiB): MySQL's TEXT holds 64 KiB, MEDIUMTEXT 16 MiB.
const payload = (name: string): TableColumnOptions => ({ name, type: 'mediumtext', isNullable: true });
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const int = (name: string, nullable = true, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'int',
  isNullable: nullable,
  default: defaultValue,
});
const ref = (name: string, nullable = true): TableColumnOptions => int(name, nullable);
const errorColumns = (): TableColumnOptions[] => [text('error_type', 128), longText('error_message')];
// The latest failure of an agent or tool, kept with it so the stats tables read it in O(1).
const lastError = (): TableColumnOptions[] => [
  time('last_error_at', true),
  text('last_error_type', 128),
  longText('last_error_message'),
];

const unique = (table: string, ...columns: string[]) =>
  new TableIndex({ name: `uq_${table}_${columns.join('_')}`, columnNames: columns, isUnique: true });
const index = (table: string, ...columns: string[]) =>
  new TableIndex({ name: `ix_${table}_${columns.join('_')}`, columnNames: columns });
const fk = (
  table: string,
  column: string,
  target: string,
  onDelete: 'RESTRICT' | 'CASCADE' | 'SET NULL' = 'RESTRICT'
) =>
  new TableForeignKey({
    name: `fk_${table}_${column}`,
    columnNames: [column],
    referencedTableName: target,
    referencedColumnNames: ['id'],
    onDelete,
  });

interface TableSpec {
  name: string;
  columns: TableColumnOptions[];
  indices: TableIndex[];
  foreignKeys?: TableForeignKey[];
}

const TABLES: TableSpec[] = [
  {
    name: 'users',
    columns: [
      id(),
      key('external_id'),
      text('name', 255),
      text('email', 255),
      time('created_at'),
      time('last_seen_at'),
    ],
    indices: [unique('users', 'external_id'), index('users', 'last_seen_at')],
  },
  {
    name: 'agents',
    columns: [id(), key('name'), time('created_at'), time('last_seen_at'), ...lastError()],
    indices: [unique('agents', 'name')],
  },
  {
    name: 'tools',
    columns: [id(), key('name'), time('created_at'), time('last_seen_at'), ...lastError()],
    indices: [unique('tools', 'name')],
  },
  {
    name: 'api_keys',
    columns: [
      id(),
      text('name', 191, false),
      text('token_prefix', 16, false),
      text('token_sha256', 64, false),
      text('role', 16, false),
      time('created_at'),
      time('expires_at', true),
      time('revoked_at', true),
      time('last_used_at', true),
    ],
    indices: [unique('api_keys', 'token_sha256')],
  },
  {
    name: 'login_sessions',
    columns: [
      id(),
      key('external_id'),
      ref('user_id', false),
      time('started_at'),
      time('last_activity_at'),
      time('ended_at', true),
      text('ip', 64),
      text('user_agent', 512),
    ],
    indices: [
      unique('login_sessions', 'external_id'),
      index('login_sessions', 'started_at'),
      index('login_sessions', 'user_id', 'started_at'),
      index('login_sessions', 'ended_at', 'last_activity_at'),
    ],
    foreignKeys: [fk('login_sessions', 'user_id', 'users')],
  },
  {
    name: 'agent_executions',
    columns: [
      id(),
      key('request_id'),
      ref('agent_id', false),
      ref('user_id'),
      optionalKey('session_external_id'),
      optionalKey('workflow_run_external_id'),
      optionalKey('task_run_external_id'),
      text('status', 16, false),
      time('started_at'),
      time('finished_at', true),
      int('duration_ms'),
      text('request_model', 128),
      text('response_model', 128),
      text('provider', 64),
      int('input_tokens', false, 0),
      int('output_tokens', false, 0),
      int('total_tokens', false, 0),
      { name: 'cost_nanos', type: 'bigint', default: 0 },
      ...errorColumns(),
      payload('input_payload'),
      payload('output_payload'),
    ],
    indices: [
      unique('agent_executions', 'request_id'),
      index('agent_executions', 'started_at'),
      index('agent_executions', 'agent_id', 'started_at'),
      index('agent_executions', 'user_id', 'started_at'),
      index('agent_executions', 'status', 'started_at'),
      index('agent_executions', 'workflow_run_external_id'),
      // The latest failure of each agent, for the stats tables.
      index('agent_executions', 'agent_id', 'status', 'started_at'),
    ],
    foreignKeys: [fk('agent_executions', 'agent_id', 'agents'), fk('agent_executions', 'user_id', 'users')],
  },
  {
    name: 'tool_executions',
    columns: [
      id(),
      key('request_id'),
      ref('tool_id', false),
      optionalKey('agent_execution_request_id'),
      ref('user_id'),
      optionalKey('session_external_id'),
      text('status', 16, false),
      time('started_at'),
      time('finished_at', true),
      int('duration_ms'),
      ...errorColumns(),
    ],
    indices: [
      unique('tool_executions', 'request_id'),
      index('tool_executions', 'started_at'),
      index('tool_executions', 'tool_id', 'started_at'),
      index('tool_executions', 'user_id', 'started_at'),
      index('tool_executions', 'status', 'started_at'),
      index('tool_executions', 'agent_execution_request_id'),
      index('tool_executions', 'tool_id', 'status', 'started_at'),
    ],
    foreignKeys: [fk('tool_executions', 'tool_id', 'tools'), fk('tool_executions', 'user_id', 'users')],
  },
  {
    name: 'workflows',
    columns: [
      id(),
      key('key'),
      text('name', 255, false),
      ref('owner_id'),
      longText('nodes_json', false),
      longText('edges_json', false),
      time('created_at'),
      time('updated_at'),
      time('last_run_at', true),
      text('last_run_status', 24),
    ],
    indices: [unique('workflows', 'key')],
    foreignKeys: [fk('workflows', 'owner_id', 'users', 'SET NULL')],
  },
  {
    name: 'workflow_runs',
    columns: [
      id(),
      key('run_id'),
      ref('workflow_id', false),
      ref('triggered_by_id'),
      optionalKey('plan_external_id'),
      text('status', 24, false),
      time('started_at'),
      time('finished_at', true),
      int('duration_ms'),
      ...errorColumns(),
    ],
    indices: [
      unique('workflow_runs', 'run_id'),
      index('workflow_runs', 'started_at'),
      index('workflow_runs', 'workflow_id', 'started_at'),
      index('workflow_runs', 'status', 'started_at'),
      index('workflow_runs', 'triggered_by_id', 'started_at'),
    ],
    foreignKeys: [
      fk('workflow_runs', 'workflow_id', 'workflows'),
      fk('workflow_runs', 'triggered_by_id', 'users', 'SET NULL'),
    ],
  },
  {
    name: 'task_runs',
    columns: [
      id(),
      key('external_id'),
      ref('workflow_run_id', false),
      ref('workflow_id', false),
      key('node_key'),
      int('attempt', false, 1),
      ref('agent_id'),
      ref('tool_id'),
      text('status', 24, false),
      time('started_at', true),
      time('finished_at', true),
      int('duration_ms'),
      ...errorColumns(),
    ],
    indices: [
      unique('task_runs', 'external_id'),
      index('task_runs', 'workflow_run_id'),
      index('task_runs', 'status', 'started_at'),
    ],
    foreignKeys: [
      fk('task_runs', 'workflow_run_id', 'workflow_runs', 'CASCADE'),
      fk('task_runs', 'workflow_id', 'workflows'),
      fk('task_runs', 'agent_id', 'agents'),
      fk('task_runs', 'tool_id', 'tools'),
    ],
  },
  {
    name: 'planner_conversations',
    columns: [
      id(),
      key('external_id'),
      ref('user_id', false),
      time('started_at'),
      time('last_message_at'),
      int('message_count', false, 0),
    ],
    indices: [
      unique('planner_conversations', 'external_id'),
      index('planner_conversations', 'started_at'),
      index('planner_conversations', 'user_id', 'started_at'),
    ],
    foreignKeys: [fk('planner_conversations', 'user_id', 'users')],
  },
  {
    name: 'planner_messages',
    columns: [id(), key('external_id'), ref('conversation_id', false), text('role', 16, false), time('sent_at')],
    indices: [
      unique('planner_messages', 'external_id'),
      index('planner_messages', 'conversation_id'),
      index('planner_messages', 'sent_at'),
    ],
    foreignKeys: [fk('planner_messages', 'conversation_id', 'planner_conversations', 'CASCADE')],
  },
  {
    name: 'plans',
    columns: [
      id(),
      key('external_id'),
      ref('user_id', false),
      ref('conversation_id'),
      text('title', 500),
      text('status', 24, false),
      int('step_count', false, 0),
      time('created_at'),
      time('decided_at', true),
    ],
    indices: [
      unique('plans', 'external_id'),
      index('plans', 'created_at'),
      index('plans', 'user_id', 'created_at'),
      index('plans', 'status', 'created_at'),
    ],
    foreignKeys: [fk('plans', 'user_id', 'users'), fk('plans', 'conversation_id', 'planner_conversations', 'SET NULL')],
  },
  {
    name: 'approvals',
    columns: [
      id(),
      key('external_id'),
      text('subject_type', 16, false),
      ref('workflow_run_id'),
      ref('task_run_id'),
      ref('plan_id'),
      time('requested_at'),
      time('decided_at', true),
      ref('decided_by_id'),
      text('decision', 16, false),
      longText('comment'),
    ],
    indices: [
      unique('approvals', 'external_id'),
      index('approvals', 'requested_at'),
      index('approvals', 'decision', 'requested_at'),
      index('approvals', 'workflow_run_id'),
      index('approvals', 'plan_id'),
    ],
    foreignKeys: [
      fk('approvals', 'workflow_run_id', 'workflow_runs', 'SET NULL'),
      fk('approvals', 'task_run_id', 'task_runs', 'SET NULL'),
      fk('approvals', 'plan_id', 'plans', 'SET NULL'),
      fk('approvals', 'decided_by_id', 'users', 'SET NULL'),
    ],
  },
];

/** Collations and MEDIUMTEXT are MySQL's; SQLite compares text byte by byte and has one TEXT. */
export function forDialect<T extends { columns: TableColumnOptions[] }>(runner: QueryRunner, spec: T): T {
  if (runner.connection.options.type === 'mysql') return spec;
  return {
    ...spec,
    columns: spec.columns.map(({ collation: _collation, ...column }) =>
      column.type === 'mediumtext' ? { ...column, type: 'text' } : column
    ),
  };
}

export class InitialSchema1764144000000 implements MigrationInterface {
  name = 'InitialSchema1764144000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const spec of TABLES) {
      await runner.createTable(new Table(forDialect(runner, spec)), false, true, true);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const spec of [...TABLES].reverse()) {
      await runner.dropTable(spec.name, true, true, true);
    }
  }
}
