import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import type { GraphQLTransport } from '../api';
import { col } from '../frames/table';
import type { VariableKind } from '../types';
import { execute, type QueryContext } from './context';
import { type ListDef, readConnection } from './list';

/** Most options a variable lists. */
const MAX_OPTIONS = 1000;

interface Option {
  text: string;
  value: string;
}

interface VariableDef {
  label: string;
  fetch: (ctx: QueryContext, send: GraphQLTransport) => Promise<Option[]>;
}

/** A variable listing the records of one entity query. */
function entityOptions(field: string, paths: string[], toOption: (node: any) => Option): VariableDef['fetch'] {
  const def: ListDef = {
    label: field,
    description: field,
    filters: [],
    connection: { field, columns: paths.map((p) => col.string(p, p)) },
  };
  return async (ctx, send) =>
    (await readConnection(def, { refId: ctx.refId }, ctx, send, MAX_OPTIONS)).nodes.map(toOption);
}

/** A variable listing the keys a breakdown finds in the time range (models and providers have no entity query). */
function breakdownOptions(by: 'MODEL' | 'PROVIDER'): VariableDef['fetch'] {
  return async (ctx, send) => {
    const { data } = await execute<{ breakdown: Array<{ key: string; label: string }> }>(
      send,
      {
        query: `query AgentmonVariable($range: TimeRangeInput, $limit: Int) { breakdown(metric: AGENT_EXECUTIONS, by: ${by}, range: $range, limit: $limit) { key label } }`,
        variables: { range: { from: ctx.from, to: ctx.to }, limit: 100 },
      },
      ctx.requestId
    );
    return data.breakdown.map((row) => ({ text: row.label, value: row.key }));
  };
}

export const VARIABLE_KINDS: Record<VariableKind, VariableDef> = {
  users: {
    label: 'Users',
    fetch: entityOptions('users', ['externalId', 'name'], (u) => ({
      text: u.name ? `${u.name} (${u.externalId})` : u.externalId,
      value: u.externalId,
    })),
  },
  agents: { label: 'Agents', fetch: entityOptions('agents', ['name'], (a) => ({ text: a.name, value: a.name })) },
  tools: { label: 'Tools', fetch: entityOptions('tools', ['name'], (t) => ({ text: t.name, value: t.name })) },
  workflows: {
    label: 'Workflows',
    fetch: entityOptions('workflows', ['key', 'name'], (w) => ({ text: w.name || w.key, value: w.key })),
  },
  models: { label: 'Models (seen in the time range)', fetch: breakdownOptions('MODEL') },
  providers: { label: 'Providers (seen in the time range)', fetch: breakdownOptions('PROVIDER') },
};

/** The frame Grafana reads variable options from: `text` and `value` fields. */
export function optionsToFrame(options: Option[], refId: string): DataFrame {
  return createDataFrame({
    refId,
    fields: [
      { name: 'text', type: FieldType.string, values: options.map((o) => o.text) },
      { name: 'value', type: FieldType.string, values: options.map((o) => o.value) },
    ],
  });
}
