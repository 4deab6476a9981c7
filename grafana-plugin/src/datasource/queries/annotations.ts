import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import type { GraphQLTransport } from '../api';
import { col } from '../frames/table';
import type { AgentmonQuery, AnnotationKind } from '../types';
import type { QueryContext } from './context';
import { type ListDef, MAX_LIST_LIMIT, readConnection } from './list';

interface AnnotationEvent {
  time: string;
  timeEnd?: string | null;
  title: string;
  text: string;
  tags: string[];
}

/** Columns read only for their GraphQL selection: events are built from the nodes directly. */
const fields = (...paths: string[]) => paths.map((path) => col.string(path, path));

interface AnnotationDef extends ListDef {
  toEvent: (node: any) => AnnotationEvent | null;
}

/** Events Agentmon can mark on time series panels, each read from one list of the API. */
export const ANNOTATIONS: Record<AnnotationKind, AnnotationDef> = {
  failedRuns: {
    label: 'Failed workflow runs',
    description: 'Workflow runs that failed, from start to finish.',
    filters: ['workflow', 'user'],
    connection: {
      field: 'workflowRuns',
      filterType: 'WorkflowRunFilter',
      timed: true,
      fixed: { status: ['FAILED'] },
      columns: fields('runId', 'startedAt', 'finishedAt', 'workflow.key', 'workflow.name', 'errorType', 'errorMessage'),
    },
    toEvent: (run) => ({
      time: run.startedAt,
      timeEnd: run.finishedAt,
      title: `Run ${run.runId} of ${run.workflow.name} failed`,
      text: [run.errorType, run.errorMessage].filter(Boolean).join(': '),
      tags: ['workflow', run.workflow.key, 'failed'],
    }),
  },
  approvalDecisions: {
    label: 'Approval decisions',
    description: 'Approvals decided (approved, rejected or expired), at the decision time.',
    filters: [],
    connection: {
      field: 'approvals',
      filterType: 'ApprovalFilter',
      timed: true,
      fixed: { decision: ['APPROVED', 'REJECTED', 'EXPIRED'] },
      columns: fields('externalId', 'subjectType', 'decision', 'decidedAt', 'comment', 'decidedBy.externalId'),
    },
    toEvent: (approval) =>
      approval.decidedAt
        ? {
            time: approval.decidedAt,
            title: `Approval ${approval.externalId} ${approval.decision.toLowerCase()}`,
            text: [
              `${approval.subjectType.toLowerCase().replace('_', ' ')}`,
              approval.decidedBy ? `by ${approval.decidedBy.externalId}` : '',
              approval.comment ?? '',
            ]
              .filter(Boolean)
              .join(' · '),
            tags: ['approval', approval.decision.toLowerCase()],
          }
        : null,
  },
  planDecisions: {
    label: 'Plan decisions',
    description: 'Plans a person approved or rejected, at the decision time.',
    filters: ['user'],
    connection: {
      field: 'plans',
      filterType: 'PlanFilter',
      timed: true,
      columns: fields('externalId', 'title', 'status', 'decidedAt', 'user.externalId'),
    },
    toEvent: (plan) =>
      plan.decidedAt
        ? {
            time: plan.decidedAt,
            title: `Plan ${plan.title ? `"${plan.title}"` : plan.externalId} ${plan.status.toLowerCase().replace('_', ' ')}`,
            text: `for ${plan.user.externalId}`,
            tags: ['plan', plan.status.toLowerCase()],
          }
        : null,
  },
};

/** Grafana's annotation frame: time, timeEnd, title, text and tags fields. */
function eventsToFrame(events: AnnotationEvent[], refId: string): DataFrame {
  return createDataFrame({
    refId,
    fields: [
      { name: 'time', type: FieldType.time, values: events.map((e) => Date.parse(e.time)) },
      { name: 'timeEnd', type: FieldType.time, values: events.map((e) => (e.timeEnd ? Date.parse(e.timeEnd) : null)) },
      { name: 'title', type: FieldType.string, values: events.map((e) => e.title) },
      { name: 'text', type: FieldType.string, values: events.map((e) => e.text) },
      { name: 'tags', type: FieldType.other, values: events.map((e) => e.tags) },
    ],
  });
}

export async function runAnnotations(
  query: AgentmonQuery,
  ctx: QueryContext,
  send: GraphQLTransport
): Promise<DataFrame[]> {
  const def = query.annotation ? ANNOTATIONS[query.annotation] : undefined;
  if (!def) {
    throw new Error(`Unknown annotation kind "${query.annotation ?? ''}": pick one.`);
  }
  const { nodes } = await readConnection(def, query, ctx, send, Math.min(query.limit ?? 500, MAX_LIST_LIMIT));
  const events = nodes.map(def.toEvent).filter((e): e is AnnotationEvent => e !== null);
  return [eventsToFrame(events, ctx.refId)];
}
