import { InputError, notFound } from '../common/errors';
import { canAdvance } from '../common/status';
import { Incoming, mergeFields, UnitOfWork } from '../recording/unit-of-work';
import * as v from '../recording/validate';
import { TaskRun } from './task-run.entity';
import { DagEdge, DagNode, Workflow } from './workflow.entity';
import { TaskRunEventInput, WorkflowEventInput, WorkflowRunEventInput } from './workflow-events.input';
import { WorkflowRun } from './workflow-run.entity';

const MAX_NODES = 500;
// The DAG is kept as JSON in TEXT columns, which hold 64 KiB on MySQL.
const MAX_DAG_JSON_BYTES = 65_535;

function validateDag(event: WorkflowEventInput): { nodes: DagNode[]; edges: DagEdge[] } {
  if (event.nodes.length > MAX_NODES)
    throw new InputError('nodes', `must have at most ${MAX_NODES} nodes, got ${event.nodes.length}`);
  const keys = new Set<string>();
  const nodes = event.nodes.map((node, i) => {
    const key = v.externalId(`nodes[${i}].key`, node.key);
    if (keys.has(key)) throw new InputError(`nodes[${i}].key`, `"${key}" is used by two nodes`);
    keys.add(key);
    return {
      key,
      label: v.optionalName(`nodes[${i}].label`, node.label, 255),
      agent: v.optionalName(`nodes[${i}].agent`, node.agent),
      tool: v.optionalName(`nodes[${i}].tool`, node.tool),
    };
  });
  const edges = event.edges.map((edge, i) => {
    if (!keys.has(edge.from)) throw new InputError(`edges[${i}].from`, `names no node: "${edge.from}"`);
    if (!keys.has(edge.to)) throw new InputError(`edges[${i}].to`, `names no node: "${edge.to}"`);
    return { from: edge.from, to: edge.to };
  });
  for (const [field, value] of [
    ['nodes', nodes],
    ['edges', edges],
  ] as const) {
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > MAX_DAG_JSON_BYTES)
      throw new InputError(field, `must take at most ${MAX_DAG_JSON_BYTES} bytes as JSON, got ${bytes}`);
  }
  return { nodes, edges };
}

export async function recordWorkflow(work: UnitOfWork, event: WorkflowEventInput): Promise<Workflow> {
  const key = v.externalId('key', event.key);
  const name = v.name('name', event.name, 255);
  const at = v.time('at', event.at);
  const ownerExternalId = v.optionalExternalId('ownerId', event.ownerId);
  const { nodes, edges } = validateDag(event);
  const ownerId = ownerExternalId ? await work.dimensions.user(ownerExternalId, at) : null;
  // Runs name workflows too, creating them on the spot (see Dimensions), so the row is made the same way here.
  await work.dimensions.workflow(key, at, name);
  return work.upsert(Workflow, { key }, (before) => {
    // An older definition arriving late does not replace a newer one (a run's placeholder has no nodes).
    if (before && before.updatedAt.getTime() > at.getTime() && before.nodesJson !== '[]') return {};
    return {
      name,
      ownerId: ownerId ?? before?.ownerId ?? null,
      nodesJson: JSON.stringify(nodes),
      edgesJson: JSON.stringify(edges),
      createdAt: before ? before.createdAt : at,
      updatedAt: at,
    };
  });
}

export async function recordWorkflowRun(work: UnitOfWork, event: WorkflowRunEventInput): Promise<WorkflowRun> {
  const runId = v.externalId('runId', event.runId);
  const workflowKey = v.externalId('workflowKey', event.workflowKey);
  const workflowName = v.optionalName('workflowName', event.workflowName, 255);
  const startedAt = v.time('startedAt', event.startedAt);
  const { finishedAt, durationMs } = v.timing(startedAt, event.finishedAt, event.durationMs);
  const incoming: Incoming<WorkflowRun> = {
    status: event.status,
    startedAt,
    finishedAt,
    durationMs,
    planExternalId: v.optionalExternalId('planId', event.planId),
    ...v.traceContext(event),
    ...v.errorFields(event),
  };
  const triggeredBy = v.optionalExternalId('triggeredBy', event.triggeredBy);

  const workflowId = await work.dimensions.workflow(workflowKey, startedAt, workflowName);
  if (triggeredBy) incoming.triggeredById = await work.dimensions.user(triggeredBy, startedAt);
  const run = await work.upsert(WorkflowRun, { runId }, (before) => ({
    workflowId,
    ...mergeFields(before, incoming, !before || canAdvance('run', before.status, event.status)),
  }));
  work.dimensions.noteRun(workflowId, run.startedAt, run.status);
  return run;
}

export async function recordTaskRun(work: UnitOfWork, event: TaskRunEventInput): Promise<TaskRun> {
  const externalId = v.externalId('taskRunId', event.taskRunId);
  const runId = v.externalId('runId', event.runId);
  const nodeKey = v.externalId('nodeKey', event.nodeKey);
  const attempt = v.count('attempt', event.attempt, 1) ?? 1;
  const agentName = v.optionalName('agent', event.agent);
  const toolName = v.optionalName('tool', event.tool);
  const startedAt = v.optionalTime('startedAt', event.startedAt);
  const { finishedAt, durationMs } = v.timing(startedAt, event.finishedAt, event.durationMs);
  const run = await work.findOne(WorkflowRun, { runId });
  if (!run) throw notFound('runId', `no workflow run "${runId}"; send its workflowRun event first`);

  const seenAt = startedAt ?? run.startedAt;
  const incoming: Incoming<TaskRun> = {
    nodeKey,
    attempt,
    status: event.status,
    startedAt,
    finishedAt,
    durationMs,
    agentId: agentName ? await work.dimensions.agent(agentName, seenAt) : null,
    toolId: toolName ? await work.dimensions.tool(toolName, seenAt) : null,
    ...v.errorFields(event),
  };
  const workflowRunId = work.idOf(WorkflowRun, run);
  return work.upsert(TaskRun, { externalId }, (before) => ({
    workflowRunId,
    workflowId: run.workflowId,
    ...mergeFields(before, incoming, !before || canAdvance('run', before.status, event.status)),
  }));
}
