import { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { AgentExecution } from '../src/agents/agent-execution.entity';
import { dialectOf } from '../src/db/dialect';
import { minuteFloor } from '../src/stats/buckets';
import { RollupDeltas, writeRollups } from '../src/stats/rollup.writer';
import { costNanos, MODELS } from '../src/simulator/catalog/models';
import { TOOLS } from '../src/simulator/catalog/tools';
import { Random } from '../src/simulator/random';

/**
 * Writes a realistic platform history straight into the database (raw rows and their rollups,
 * through the same rollup writer ingestion uses): `executions` agent and tool executions in all,
 * over DAYS days up to now, with workflow runs, task runs, logins, plans and approvals around them.
 */
export const DAYS = 90;
const AGENT_COUNT = 20;
const TOOL_COUNT = 50;
const WORKFLOW_COUNT = 30;
const ROWS_PER_INSERT = 2000;

type Row = Record<string, unknown>;

export interface Dataset {
  executions: number;
  rows: Record<string, number>;
}

export async function generateDataset(
  dataSource: DataSource,
  executions: number,
  minuteRollupDays: number,
  progress: (message: string) => void,
): Promise<Dataset> {
  const random = new Random('agentmon-bench', executions);
  const dialect = dialectOf(dataSource);
  const sqlite = dataSource.options.type !== 'mysql';
  const time = (ms: number) => (sqlite ? DateUtils.mixedDateToUtcDatetimeString(new Date(ms)) : new Date(ms));
  const now = Date.now();
  const start = now - DAYS * 86_400_000;
  const counts: Record<string, number> = {};

  // One connection, a transaction per day, and no per-row key checks: a bulk load, not ingestion.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  if (!sqlite) await runner.query('SET foreign_key_checks = 0, unique_checks = 0');
  async function insert(table: string, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await runner.query(`INSERT INTO ${table} (${columns.map((c) => dialect.quote(c)).join(', ')}) VALUES ${values}`, chunk.flatMap((row) => columns.map((c) => row[c])));
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
  }

  const userCount = Math.min(2000, Math.max(50, Math.round(executions / 2000)));
  const stamp = time(start);
  await insert('users', Array.from({ length: userCount }, (_, i) => ({ id: i + 1, external_id: `user-${i + 1}`, name: `User ${i + 1}`, email: `user${i + 1}@example.com`, created_at: stamp, last_seen_at: time(now) })));
  await insert('agents', Array.from({ length: AGENT_COUNT }, (_, i) => ({ id: i + 1, name: `agent-${i + 1}`, created_at: stamp, last_seen_at: time(now) })));
  const tools = Array.from({ length: TOOL_COUNT }, (_, i) => ({ ...TOOLS[i % TOOLS.length], name: `${TOOLS[i % TOOLS.length].name}_${Math.floor(i / TOOLS.length) + 1}` }));
  await insert('tools', tools.map((tool, i) => ({ id: i + 1, name: tool.name, created_at: stamp, last_seen_at: time(now) })));
  await insert(
    'workflows',
    Array.from({ length: WORKFLOW_COUNT }, (_, i) => ({
      id: i + 1, key: `workflow-${i + 1}`, name: `Workflow ${i + 1}`, owner_id: (i % userCount) + 1,
      nodes_json: JSON.stringify([{ key: 'plan' }, { key: 'act' }, { key: 'review' }]),
      edges_json: JSON.stringify([{ from: 'plan', to: 'act' }, { from: 'act', to: 'review' }]), created_at: stamp, updated_at: stamp,
    })),
  );

  // A few users and agents do most of the work, as on real platforms.
  const user = () => 1 + Math.floor(userCount * random.next() ** 2);
  const agentModels = Array.from({ length: AGENT_COUNT }, (_, i) => MODELS[i % MODELS.length]);
  const perDay = Math.ceil(executions / 2 / DAYS);
  // What ingestion keeps on the agent, tool and workflow rows: the latest failure and run.
  const lastErrors = { agents: new Map<number, [number, string, string]>(), tools: new Map<number, [number, string, string]>() };
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
    const deltas = new RollupDeltas(minuteFloor(minuteRollupDays, now));
    const rows: Record<string, Row[]> = { agent_executions: [], tool_executions: [], workflow_runs: [], task_runs: [], login_sessions: [], planner_conversations: [], plans: [], approvals: [] };
    const add = (table: string, entity: string, row: Row, record: Row) => {
      rows[table].push(row);
      deltas.addChange({ entity, before: null, after: record });
    };
    const todays = Math.min(perDay, executions / 2 - agentExecutionId);
    for (let i = 0; i < todays; i++) {
      const startedAt = dayStart + random.next() * 86_400_000;
      if (startedAt > now) continue;
      const id = ++agentExecutionId;
      const agentId = 1 + Math.floor(AGENT_COUNT * random.next() ** 1.5);
      const m = agentModels[agentId - 1];
      const status = random.weighted([['success', 88], ['failure', 7], ['timeout', 3], ['cancelled', 2]] as const);
      const inputTokens = Math.round(random.logNormal(1500, 0.8));
      const outputTokens = Math.round(random.logNormal(300, 0.7));
      const durationMs = Math.round(m.firstTokenMs + (outputTokens / m.tokensPerSecond) * 1000 * random.logNormal(1, 0.3));
      const cost = BigInt(costNanos(m, inputTokens, outputTokens));
      const userId = user();
      const failed = status === 'failure' || status === 'timeout';
      const record = {
        startedAt: new Date(startedAt), status, agentId, requestModel: m.request, provider: m.provider, userId, durationMs,
        inputTokens, outputTokens, costNanos: cost,
      } as Partial<AgentExecution>;
      if (failed) noteLatest(lastErrors.agents, agentId, [startedAt, status === 'timeout' ? 'TimeoutError' : 'RateLimitError', 'upstream call failed']);
      add('agent_executions', 'AgentExecution', {
        request_id: `ae-${id}`, agent_id: agentId, user_id: userId, status, started_at: time(startedAt), finished_at: time(startedAt + durationMs),
        duration_ms: durationMs, request_model: m.request, response_model: m.response, provider: m.provider, input_tokens: inputTokens,
        output_tokens: outputTokens, total_tokens: inputTokens + outputTokens, cost_nanos: cost.toString(),
        error_type: failed ? (status === 'timeout' ? 'TimeoutError' : 'RateLimitError') : null, error_message: failed ? 'upstream call failed' : null,
      }, record);
      const toolIndex = Math.floor(TOOL_COUNT * random.next() ** 1.3);
      const tool = tools[toolIndex];
      const toolStatus = random.chance(tool.failureRate) ? 'failure' : random.chance(tool.timeoutRate) ? 'timeout' : 'success';
      const toolDuration = toolStatus === 'timeout' ? tool.timeoutMs : Math.round(random.logNormal(tool.medianMs, tool.sigma));
      const toolFailed = toolStatus !== 'success';
      if (toolFailed) noteLatest(lastErrors.tools, toolIndex + 1, [startedAt, tool.errors[0]?.type ?? 'ToolError', tool.errors[0]?.message ?? 'failed']);
      add('tool_executions', 'ToolExecution', {
        request_id: `te-${id}`, tool_id: toolIndex + 1, agent_execution_request_id: `ae-${id}`, user_id: userId, status: toolStatus,
        started_at: time(startedAt), finished_at: time(startedAt + toolDuration), duration_ms: toolDuration,
        error_type: toolFailed ? tool.errors[0]?.type ?? 'ToolError' : null, error_message: toolFailed ? tool.errors[0]?.message ?? 'failed' : null,
      }, { startedAt: new Date(startedAt), status: toolStatus, toolId: toolIndex + 1, userId, durationMs: toolDuration });

      if (id % 10 === 0) {
        const run = ++runId;
        const workflowId = 1 + Math.floor(WORKFLOW_COUNT * random.next());
        const runStatus = random.weighted([['success', 85], ['failed', 10], ['cancelled', 5]] as const);
        const runDuration = Math.round(random.logNormal(45_000, 0.9));
        const triggeredBy = user();
        noteLatest(lastRuns, workflowId, [startedAt, runStatus]);
        add('workflow_runs', 'WorkflowRun', {
          run_id: `run-${run}`, workflow_id: workflowId, triggered_by_id: triggeredBy, status: runStatus, started_at: time(startedAt),
          finished_at: time(startedAt + runDuration), duration_ms: runDuration,
        }, { startedAt: new Date(startedAt), finishedAt: new Date(startedAt + runDuration), status: runStatus, workflowId, triggeredById: triggeredBy, durationMs: runDuration });
        for (const node of ['plan', 'act']) {
          const task = ++taskId;
          add('task_runs', 'TaskRun', {
            external_id: `task-${task}`, workflow_run_id: run, workflow_id: workflowId, node_key: node, attempt: 1, agent_id: agentId,
            status: runStatus === 'success' ? 'success' : node === 'plan' ? 'success' : runStatus, started_at: time(startedAt), duration_ms: Math.round(runDuration / 2),
          }, { startedAt: new Date(startedAt), finishedAt: new Date(startedAt), status: runStatus === 'success' || node === 'plan' ? 'success' : runStatus, workflowId, agentId, durationMs: Math.round(runDuration / 2) });
        }
      }
      if (id % 200 === 0) {
        const session = ++sessionId;
        const loginUser = user();
        add('login_sessions', 'LoginSession', {
          external_id: `session-${session}`, user_id: loginUser, started_at: time(startedAt), last_activity_at: time(startedAt + 600_000),
          ended_at: time(startedAt + 1_800_000),
        }, { startedAt: new Date(startedAt), userId: loginUser });
      }
      if (id % 400 === 0) {
        const plan = ++planId;
        const conversation = ++conversationId;
        const planUser = user();
        const planStatus = random.weighted([['completed', 60], ['rejected', 20], ['approved', 15], ['pending_approval', 5]] as const);
        const decided = planStatus === 'pending_approval' ? null : startedAt + random.logNormal(300_000, 1);
        add('planner_conversations', 'PlannerConversation', {
          external_id: `conversation-${conversation}`, user_id: planUser, started_at: time(startedAt), last_message_at: time(startedAt + 60_000), message_count: 4,
        }, { startedAt: new Date(startedAt), userId: planUser });
        add('plans', 'Plan', {
          external_id: `plan-${plan}`, user_id: planUser, conversation_id: conversation, title: `Plan ${plan}`, status: planStatus, step_count: 3,
          created_at: time(startedAt), decided_at: decided === null ? null : time(decided),
        }, { createdAt: new Date(startedAt), decidedAt: decided === null ? null : new Date(decided), status: planStatus, userId: planUser });
        if (id % 800 === 0) {
          const approval = ++approvalId;
          const decision = planStatus === 'pending_approval' ? 'pending' : planStatus === 'rejected' ? 'rejected' : 'approved';
          add('approvals', 'Approval', {
            external_id: `approval-${approval}`, subject_type: 'plan', plan_id: plan, requested_at: time(startedAt),
            decided_at: decided === null ? null : time(decided), decision,
          }, { requestedAt: new Date(startedAt), decidedAt: decided === null ? null : new Date(decided), decision });
        }
      }
    }
    await runner.startTransaction();
    for (const table of ['agent_executions', 'tool_executions', 'workflow_runs', 'task_runs', 'login_sessions', 'planner_conversations', 'plans', 'approvals']) {
      await insert(table, rows[table]);
    }
    await writeRollups(runner.manager, dialect, deltas);
    await runner.commitTransaction();
    progress(`day ${day + 1}/${DAYS}: ${agentExecutionId * 2} executions`);
  }
  for (const [table, latest] of Object.entries(lastErrors)) {
    for (const [id, [at, type, message]] of latest) {
      await runner.query(`UPDATE ${table} SET last_error_at = ?, last_error_type = ?, last_error_message = ? WHERE id = ?`, [time(at), type, message, id]);
    }
  }
  for (const [id, [at, status]] of lastRuns) {
    await runner.query('UPDATE workflows SET last_run_at = ?, last_run_status = ? WHERE id = ?', [time(at), status, id]);
  }
  await runner.release();
  return { executions: agentExecutionId * 2, rows: counts };
}
