import path from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DataSource, ObjectLiteral, QueryRunner } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { AgentExecution } from '../src/agents/agent-execution.entity';
import { Dialect, dialectOf } from '../src/db/dialect';
import { minuteFloor, toMinute } from '../src/rollups/buckets';
import { costNanos, MODELS } from '../../simulator/src/catalog/models';
import { TOOLS } from '../../simulator/src/catalog/tools';
import { Random } from '../../simulator/src/random';
import { RollupLoad } from './rollup-load';
import type { RollupWorkerData } from './rollup-worker';

/**
 * Writes a realistic platform history straight into the database (raw rows and their rollups,
 * through the same rollup writer ingestion uses): `executions` agent and tool executions in all,
 * over DAYS days up to now, with workflow runs, task runs, logins, plans and approvals around them.
 */
export const DAYS = 90;
const AGENT_COUNT = 20;
const TOOL_COUNT = 50;
const WORKFLOW_COUNT = 30;
const ROWS_PER_BATCH = 2000;
// Statements sent and not yet answered: enough to keep the server busy, few enough to bound memory.
const MAX_IN_FLIGHT = 8;
// Executions generated between turns of the event loop, which let the connection send what is queued.
const EXECUTIONS_PER_TICK = 100;
// Records whose rollups a worker thread computes and writes (about half of the rollup work: an
// agent execution adds to 25 rollup rows), while this thread does the rest and the raw rows.
const WORKER_ENTITIES = [AgentExecution.name];

type Row = Record<string, unknown>;

export interface Dataset {
  executions: number;
  rows: Record<string, number>;
}

export async function generateDataset(
  dataSource: DataSource,
  executions: number,
  minuteRollupDays: number,
  progress: (message: string) => void
): Promise<Dataset> {
  const dialect = dialectOf(dataSource);
  const sqlite = dataSource.options.type !== 'mysql';
  const time = (ms: number) => (sqlite ? DateUtils.mixedDateToUtcDatetimeString(new Date(ms)) : new Date(ms));
  const now = Date.now();
  const floor = minuteFloor(minuteRollupDays, now);
  // The worker needs a connection of its own (and SQLite has one writer at a time).
  const url = dataSource.options.type === 'mysql' ? dataSource.options.url : undefined;
  const workerEntities = url ? WORKER_ENTITIES : [];
  const workerData: RollupWorkerData | undefined = url
    ? { url, executions, now, minuteFloor: floor, entities: workerEntities }
    : undefined;
  const worker = workerData && new Worker(path.join(__dirname, 'rollup-worker.js'), { workerData });
  const workerDone = worker ? finished(worker) : Promise.resolve();
  workerDone.catch(() => undefined);
  try {
    // A bulk load, not ingestion: one transaction for it all and no per-row key checks.
    const runner = dataSource.createQueryRunner();
    if (!sqlite) await runner.query('SET foreign_key_checks = 0, unique_checks = 0');
    await runner.startTransaction();
    const inserter = new Inserter(runner, dialect, sqlite ? null : await runner.connect());
    const rollups = new RollupLoad(runner.manager, dialect, floor);
    const history = await simulate(executions, now, time, {
      row: (table, row) => inserter.add(table, row),
      record: (entity, record) => {
        if (!workerEntities.includes(entity)) rollups.add(entity, record);
      },
      tick: () => inserter.drain(),
      endDay: async (day, end, done) => {
        await rollups.endDay(toMinute(end));
        progress(`day ${day + 1}/${DAYS}: ${done} executions`);
      },
    });
    await rollups.finish();
    await inserter.flush();
    progress('committing (the indexes are built now)');
    await runner.commitTransaction();
    progress("waiting for the worker's rollups");
    await workerDone;
    for (const [table, latest] of Object.entries(history.lastErrors)) {
      for (const [id, [at, type, message]] of latest) {
        await runner.query(
          `UPDATE ${table} SET last_error_at = ?, last_error_type = ?, last_error_message = ? WHERE id = ?`,
          [time(at), type, message, id]
        );
      }
    }
    for (const [id, [at, status]] of history.lastRuns) {
      await runner.query('UPDATE workflows SET last_run_at = ?, last_run_status = ? WHERE id = ?', [
        time(at),
        status,
        id,
      ]);
    }
    await runner.release();
    return { executions: history.executions, rows: inserter.counts };
  } finally {
    // Ends it early if this thread failed.
    await worker?.terminate();
  }
}

/** Where simulate sends the history. */
export interface HistorySink {
  row(table: string, row: Row): void;
  /** What ingestion would have recorded for the latest row: what the rollups count. */
  record(entity: string, record: ObjectLiteral): void;
  /** Called every EXECUTIONS_PER_TICK executions, so that work in flight can go on. */
  tick(): Promise<void>;
  /** After each day; every later record counts at or after `end` (epoch ms). */
  endDay(day: number, end: number, executions: number): Promise<void>;
}

/**
 * Generates the history, the same on every call with the same size and `now` (so that two threads
 * can each take their part of it).
 */
export async function simulate(executions: number, now: number, time: (ms: number) => unknown, sink: HistorySink) {
  const random = new Random('agentmon-bench', executions);
  const start = now - DAYS * 86_400_000;
  const rows = (table: string, list: Row[]) => list.forEach((row) => sink.row(table, row));
  const add = (table: string, entity: string, row: Row, record: ObjectLiteral) => {
    sink.row(table, row);
    sink.record(entity, record);
  };

  const userCount = Math.min(2000, Math.max(50, Math.round(executions / 2000)));
  const stamp = time(start);
  rows(
    'users',
    Array.from({ length: userCount }, (_, i) => ({
      id: i + 1,
      external_id: `user-${i + 1}`,
      name: `User ${i + 1}`,
      email: `user${i + 1}@example.com`,
      created_at: stamp,
      last_seen_at: time(now),
    }))
  );
  rows(
    'agents',
    Array.from({ length: AGENT_COUNT }, (_, i) => ({
      id: i + 1,
      name: `agent-${i + 1}`,
      created_at: stamp,
      last_seen_at: time(now),
    }))
  );
  const tools = Array.from({ length: TOOL_COUNT }, (_, i) => ({
    ...TOOLS[i % TOOLS.length],
    name: `${TOOLS[i % TOOLS.length].name}_${Math.floor(i / TOOLS.length) + 1}`,
  }));
  rows(
    'tools',
    tools.map((tool, i) => ({ id: i + 1, name: tool.name, created_at: stamp, last_seen_at: time(now) }))
  );
  rows(
    'workflows',
    Array.from({ length: WORKFLOW_COUNT }, (_, i) => ({
      id: i + 1,
      key: `workflow-${i + 1}`,
      name: `Workflow ${i + 1}`,
      owner_id: (i % userCount) + 1,
      nodes_json: JSON.stringify([{ key: 'plan' }, { key: 'act' }, { key: 'review' }]),
      edges_json: JSON.stringify([
        { from: 'plan', to: 'act' },
        { from: 'act', to: 'review' },
      ]),
      created_at: stamp,
      updated_at: stamp,
    }))
  );

  // A few users and agents do most of the work, as on real platforms.
  const user = () => 1 + Math.floor(userCount * random.next() ** 2);
  const agentModels = Array.from({ length: AGENT_COUNT }, (_, i) => MODELS[i % MODELS.length]);
  const perDay = Math.ceil(executions / 2 / DAYS);
  // What ingestion keeps on the agent, tool and workflow rows: the latest failure and run.
  const lastErrors = {
    agents: new Map<number, [number, string, string]>(),
    tools: new Map<number, [number, string, string]>(),
  };
  const lastRuns = new Map<number, [number, string]>();
  const noteLatest = <V extends [number, ...string[]]>(map: Map<number, V>, id: number, value: V) => {
    if ((map.get(id)?.[0] ?? -Infinity) <= value[0]) map.set(id, value);
  };
  let agentExecutionId = 0;
  let runId = 0;
  let taskId = 0;
  let sessionId = 0;
  let planId = 0;
  let approvalId = 0;
  let conversationId = 0;
  for (let day = 0; day < DAYS; day++) {
    const dayStart = start + day * 86_400_000;
    const todays = Math.min(perDay, executions / 2 - agentExecutionId);
    for (let i = 0; i < todays; i++) {
      if (i % EXECUTIONS_PER_TICK === 0) await sink.tick();
      const startedAt = dayStart + random.next() * 86_400_000;
      if (startedAt > now) continue;
      const id = ++agentExecutionId;
      const agentId = 1 + Math.floor(AGENT_COUNT * random.next() ** 1.5);
      const m = agentModels[agentId - 1];
      const status = random.weighted([
        ['success', 88],
        ['failure', 7],
        ['timeout', 3],
        ['cancelled', 2],
      ] as const);
      const inputTokens = Math.round(random.logNormal(1500, 0.8));
      const outputTokens = Math.round(random.logNormal(300, 0.7));
      const durationMs = Math.round(
        m.firstTokenMs + (outputTokens / m.tokensPerSecond) * 1000 * random.logNormal(1, 0.3)
      );
      const cost = BigInt(costNanos(m, inputTokens, outputTokens));
      const userId = user();
      const failed = status === 'failure' || status === 'timeout';
      const record = {
        startedAt: new Date(startedAt),
        status,
        agentId,
        requestModel: m.request,
        provider: m.provider,
        userId,
        durationMs,
        inputTokens,
        outputTokens,
        costNanos: cost,
      } as Partial<AgentExecution>;
      if (failed)
        noteLatest(lastErrors.agents, agentId, [
          startedAt,
          status === 'timeout' ? 'TimeoutError' : 'RateLimitError',
          'upstream call failed',
        ]);
      add(
        'agent_executions',
        'AgentExecution',
        {
          id,
          request_id: `ae-${id}`,
          agent_id: agentId,
          user_id: userId,
          status,
          started_at: time(startedAt),
          finished_at: time(startedAt + durationMs),
          duration_ms: durationMs,
          request_model: m.request,
          response_model: m.response,
          provider: m.provider,
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
          cost_nanos: cost.toString(),
          error_type: failed ? (status === 'timeout' ? 'TimeoutError' : 'RateLimitError') : null,
          error_message: failed ? 'upstream call failed' : null,
        },
        record
      );
      const toolIndex = Math.floor(TOOL_COUNT * random.next() ** 1.3);
      const tool = tools[toolIndex];
      const toolStatus = random.chance(tool.failureRate)
        ? 'failure'
        : random.chance(tool.timeoutRate)
          ? 'timeout'
          : 'success';
      const toolDuration =
        toolStatus === 'timeout' ? tool.timeoutMs : Math.round(random.logNormal(tool.medianMs, tool.sigma));
      const toolFailed = toolStatus !== 'success';
      if (toolFailed)
        noteLatest(lastErrors.tools, toolIndex + 1, [
          startedAt,
          tool.errors[0]?.type ?? 'ToolError',
          tool.errors[0]?.message ?? 'failed',
        ]);
      add(
        'tool_executions',
        'ToolExecution',
        {
          id,
          request_id: `te-${id}`,
          tool_id: toolIndex + 1,
          agent_execution_request_id: `ae-${id}`,
          user_id: userId,
          status: toolStatus,
          started_at: time(startedAt),
          finished_at: time(startedAt + toolDuration),
          duration_ms: toolDuration,
          error_type: toolFailed ? (tool.errors[0]?.type ?? 'ToolError') : null,
          error_message: toolFailed ? (tool.errors[0]?.message ?? 'failed') : null,
        },
        { startedAt: new Date(startedAt), status: toolStatus, toolId: toolIndex + 1, userId, durationMs: toolDuration }
      );

      if (id % 10 === 0) {
        const run = ++runId;
        const workflowId = 1 + Math.floor(WORKFLOW_COUNT * random.next());
        const runStatus = random.weighted([
          ['success', 85],
          ['failed', 10],
          ['cancelled', 5],
        ] as const);
        const runDuration = Math.round(random.logNormal(45_000, 0.9));
        const triggeredBy = user();
        noteLatest(lastRuns, workflowId, [startedAt, runStatus]);
        add(
          'workflow_runs',
          'WorkflowRun',
          {
            id: run,
            run_id: `run-${run}`,
            workflow_id: workflowId,
            triggered_by_id: triggeredBy,
            status: runStatus,
            started_at: time(startedAt),
            finished_at: time(startedAt + runDuration),
            duration_ms: runDuration,
          },
          {
            startedAt: new Date(startedAt),
            finishedAt: new Date(startedAt + runDuration),
            status: runStatus,
            workflowId,
            triggeredById: triggeredBy,
            durationMs: runDuration,
          }
        );
        for (const node of ['plan', 'act']) {
          const task = ++taskId;
          add(
            'task_runs',
            'TaskRun',
            {
              id: task,
              external_id: `task-${task}`,
              workflow_run_id: run,
              workflow_id: workflowId,
              node_key: node,
              attempt: 1,
              agent_id: agentId,
              status: runStatus === 'success' ? 'success' : node === 'plan' ? 'success' : runStatus,
              started_at: time(startedAt),
              duration_ms: Math.round(runDuration / 2),
            },
            {
              startedAt: new Date(startedAt),
              finishedAt: new Date(startedAt),
              status: runStatus === 'success' || node === 'plan' ? 'success' : runStatus,
              workflowId,
              agentId,
              durationMs: Math.round(runDuration / 2),
            }
          );
        }
      }
      if (id % 200 === 0) {
        const session = ++sessionId;
        const loginUser = user();
        add(
          'login_sessions',
          'LoginSession',
          {
            id: session,
            external_id: `session-${session}`,
            user_id: loginUser,
            started_at: time(startedAt),
            last_activity_at: time(startedAt + 600_000),
            ended_at: time(startedAt + 1_800_000),
          },
          { startedAt: new Date(startedAt), userId: loginUser }
        );
      }
      if (id % 400 === 0) {
        const plan = ++planId;
        const conversation = ++conversationId;
        const planUser = user();
        const planStatus = random.weighted([
          ['completed', 60],
          ['rejected', 20],
          ['approved', 15],
          ['pending_approval', 5],
        ] as const);
        const decided = planStatus === 'pending_approval' ? null : startedAt + random.logNormal(300_000, 1);
        add(
          'planner_conversations',
          'PlannerConversation',
          {
            id: conversation,
            external_id: `conversation-${conversation}`,
            user_id: planUser,
            started_at: time(startedAt),
            last_message_at: time(startedAt + 60_000),
            message_count: 4,
          },
          { startedAt: new Date(startedAt), userId: planUser }
        );
        add(
          'plans',
          'Plan',
          {
            id: plan,
            external_id: `plan-${plan}`,
            user_id: planUser,
            conversation_id: conversation,
            title: `Plan ${plan}`,
            status: planStatus,
            step_count: 3,
            created_at: time(startedAt),
            decided_at: decided === null ? null : time(decided),
          },
          {
            createdAt: new Date(startedAt),
            decidedAt: decided === null ? null : new Date(decided),
            status: planStatus,
            userId: planUser,
          }
        );
        if (id % 800 === 0) {
          const approval = ++approvalId;
          const decision =
            planStatus === 'pending_approval' ? 'pending' : planStatus === 'rejected' ? 'rejected' : 'approved';
          add(
            'approvals',
            'Approval',
            {
              id: approval,
              external_id: `approval-${approval}`,
              subject_type: 'plan',
              plan_id: plan,
              requested_at: time(startedAt),
              decided_at: decided === null ? null : time(decided),
              decision,
            },
            { requestedAt: new Date(startedAt), decidedAt: decided === null ? null : new Date(decided), decision }
          );
        }
      }
    }
    await sink.endDay(day, dayStart + 86_400_000, agentExecutionId * 2);
  }
  return { executions: agentExecutionId * 2, lastErrors, lastRuns };
}

function finished(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`rollup worker exited with code ${code}`))
    );
  });
}

/**
 * Rows sent in batches without waiting for each: the server stores them on one core while the next
 * rows are generated on another. On MySQL a batch is a LOAD DATA (about twice as fast for the server
 * as the same rows in an INSERT; it numbers rows in blocks, so rows carry their ids).
 */
class Inserter {
  readonly counts: Record<string, number> = {};
  private readonly buffers = new Map<string, Row[]>();
  private readonly inFlight: Promise<unknown>[] = [];

  /** @param connection the query runner's mysql2 connection, or none for SQLite (INSERTs through the runner) */
  constructor(
    private readonly runner: QueryRunner,
    private readonly dialect: Dialect,
    private readonly connection: Mysql2Connection | null
  ) {}

  add(table: string, row: Row): void {
    let rows = this.buffers.get(table);
    if (!rows) this.buffers.set(table, (rows = []));
    rows.push(row);
    if (rows.length === ROWS_PER_BATCH) {
      this.send(table, rows);
      this.buffers.delete(table);
    }
  }

  /** Lets the connection send queued statements, and waits while too many are outstanding. */
  async drain(): Promise<void> {
    while (this.inFlight.length > MAX_IN_FLIGHT) await this.inFlight.shift();
    await new Promise(setImmediate);
  }

  /** Sends what is buffered and waits for every statement. */
  async flush(): Promise<void> {
    for (const [table, rows] of this.buffers) this.send(table, rows);
    this.buffers.clear();
    await Promise.all(this.inFlight.splice(0));
  }

  private send(table: string, rows: Row[]): void {
    const columns = Object.keys(rows[0]);
    const names = columns.map((c) => this.dialect.quote(c)).join(', ');
    const sent = this.connection
      ? loadData(
          this.connection,
          `LOAD DATA LOCAL INFILE 'rows' INTO TABLE ${table} CHARACTER SET utf8mb4 (${names})`,
          rows.map((row) => columns.map((c) => field(row[c])).join('\t')).join('\n')
        )
      : this.runner.query(
          `INSERT INTO ${table} (${names}) VALUES ${rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
          rows.flatMap((row) => columns.map((c) => row[c]))
        );
    // Awaited later (drain, flush); until then a failure must not count as unhandled.
    sent.catch(() => undefined);
    this.inFlight.push(sent);
    this.counts[table] = (this.counts[table] ?? 0) + rows.length;
  }
}

/** What a TypeORM MySQL query runner runs on: mysql2's connection, whose queries can send a file. */
interface Mysql2Connection {
  query(options: { sql: string; infileStreamFactory: () => Readable }, callback: (error: Error | null) => void): void;
}

function loadData(connection: Mysql2Connection, sql: string, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.query({ sql, infileStreamFactory: () => Readable.from([Buffer.from(text)]) }, (error) =>
      error ? reject(error) : resolve()
    )
  );
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

/** A value as LOAD DATA reads it by default: \N for NULL, tabs and newlines escaped, times in UTC (as mysql2 writes them here). */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace('T', ' ');
  const text = String(value);
  return /[\\\t\n\r\0]/.test(text) ? text.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : text;
}
