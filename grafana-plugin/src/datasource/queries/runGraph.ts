import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import type { GraphQLTransport } from '../api';
import { UNITS } from '../frames/table';
import type { AgentmonQuery } from '../types';
import { STATUS_COLORS } from '../../statusColors';
import { execute, type QueryContext, withNotices } from './context';

/** A DAG node no task run has reported yet. */
const NOT_STARTED = 'NOT_STARTED';

/** The task states a node can show, each drawn in its status colour (node graph arcs and the app's DAG). */
const TASK_STATES = ['SUCCESS', 'FAILED', 'RUNNING', 'WAITING_APPROVAL', 'QUEUED', 'CANCELLED', NOT_STARTED];

interface ApiRun {
  runId: string;
  status: string;
  workflow: {
    key: string;
    name: string;
    nodes: Array<{ key: string; label: string | null; agent: string | null; tool: string | null }>;
    edges: Array<{ from: string; to: string }>;
  };
  taskRuns: Array<{
    nodeKey: string;
    attempt: number;
    status: string;
    durationMs: number | null;
    errorMessage: string | null;
  }>;
}

function buildRunGraphRequest(runId: string) {
  return {
    query: `query AgentmonRunGraph($runId: String!) { workflowRun(runId: $runId) { runId status workflow { key name nodes { key label agent tool } edges { from to } } taskRuns { nodeKey attempt status durationMs errorMessage } } }`,
    variables: { runId },
  };
}

/**
 * Grafana's node graph format: a nodes frame (id, title, subtitle, mainstat, arc__ colours) and
 * an edges frame (id, source, target). Each node shows its latest attempt's state.
 */
export function runGraphToFrames(run: ApiRun, refId: string): DataFrame[] {
  const latest = new Map<string, ApiRun['taskRuns'][number]>();
  for (const task of run.taskRuns) {
    const seen = latest.get(task.nodeKey);
    if (!seen || task.attempt >= seen.attempt) {
      latest.set(task.nodeKey, task);
    }
  }
  const nodes = run.workflow.nodes;
  const states = nodes.map((n) => latest.get(n.key)?.status ?? NOT_STARTED);
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  const arcs = TASK_STATES.map((state) => ({
    name: `arc__${state.toLowerCase()}`,
    type: FieldType.number,
    config: { displayName: state, color: { mode: 'fixed', fixedColor: STATUS_COLORS[state] } },
    values: states.map((s) => (s === state ? 1 : 0)),
  }));
  return [
    createDataFrame({
      refId,
      name: 'nodes',
      meta,
      fields: [
        { name: 'id', type: FieldType.string, values: nodes.map((n) => n.key) },
        { name: 'title', type: FieldType.string, values: nodes.map((n) => n.label || n.key) },
        { name: 'subtitle', type: FieldType.string, values: nodes.map((n) => n.agent ?? n.tool ?? '') },
        { name: 'mainstat', type: FieldType.string, config: { displayName: 'State' }, values: states },
        {
          name: 'secondarystat',
          type: FieldType.number,
          config: { displayName: 'Duration', unit: UNITS.durationMs },
          values: nodes.map((n) => latest.get(n.key)?.durationMs ?? null),
        },
        {
          name: 'detail__attempt',
          type: FieldType.number,
          config: { displayName: 'Attempt' },
          values: nodes.map((n) => latest.get(n.key)?.attempt ?? null),
        },
        {
          name: 'detail__error',
          type: FieldType.string,
          config: { displayName: 'Error' },
          values: nodes.map((n) => latest.get(n.key)?.errorMessage ?? null),
        },
        ...arcs,
      ],
    }),
    createDataFrame({
      refId,
      name: 'edges',
      meta,
      fields: [
        { name: 'id', type: FieldType.string, values: run.workflow.edges.map((e) => `${e.from}->${e.to}`) },
        { name: 'source', type: FieldType.string, values: run.workflow.edges.map((e) => e.from) },
        { name: 'target', type: FieldType.string, values: run.workflow.edges.map((e) => e.to) },
      ],
    }),
  ];
}

export async function fetchRunGraph(
  query: AgentmonQuery,
  ctx: QueryContext,
  send: GraphQLTransport
): Promise<DataFrame[]> {
  if (!query.runId) {
    throw new Error('Set the run id of the run whose task graph to show.');
  }
  const { data, notices } = await execute<{ workflowRun: ApiRun | null }>(
    send,
    buildRunGraphRequest(query.runId),
    ctx.requestId
  );
  if (!data.workflowRun) {
    throw new Error(`No workflow run with id "${query.runId}".`);
  }
  return withNotices(runGraphToFrames(data.workflowRun, ctx.refId), notices);
}
