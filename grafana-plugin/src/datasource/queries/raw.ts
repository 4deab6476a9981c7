import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import type { GraphQLRequest } from '../api';
import { toFieldValue } from '../frames/table';
import type { AgentmonQuery } from '../types';
import type { QueryContext } from './context';

/** Strips comments and string literals, so only real `$name:` declarations are left to find. */
function code(operation: string): string {
  return operation.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, ' ');
}

/**
 * The variables the operation declares (`$name: Type`). Only these are sent: strict servers
 * reject variables an operation does not declare.
 */
export function declaredVariables(operation: string): string[] {
  return [...new Set([...code(operation).matchAll(/\$([_A-Za-z][_0-9A-Za-z]*)\s*:/g)].map((m) => m[1]))];
}

/** Variables every raw query may declare; the query's own JSON variables override them. */
function builtInVariables(ctx: QueryContext): Record<string, unknown> {
  return {
    from: ctx.from,
    to: ctx.to,
    range: { from: ctx.from, to: ctx.to },
    interval: ctx.interval,
    timezone: ctx.timezone,
  };
}

export function buildRawRequest(query: AgentmonQuery, ctx: QueryContext): GraphQLRequest {
  const operation = query.rawQuery?.trim();
  if (!operation) {
    throw new Error('Write a GraphQL query.');
  }
  let own: Record<string, unknown> = {};
  if (query.variables?.trim()) {
    try {
      own = JSON.parse(query.variables);
    } catch (error) {
      throw new Error(`The variables are not valid JSON: ${(error as Error).message}`);
    }
  }
  const all = { ...builtInVariables(ctx), ...own };
  const variables = Object.fromEntries(
    declaredVariables(operation)
      .filter((n) => n in all)
      .map((n) => [n, all[n]])
  );
  return { query: operation, variables };
}

/**
 * The rows at a dotted path ("agentExecutions.nodes"; a leading "data." is allowed). A step
 * that meets a list applies to each item, so nested lists flatten into rows
 * ("workflowRuns.nodes.taskRuns" gives one row per task run).
 */
export function rowsAtPath(data: unknown, path: string | undefined): unknown[] {
  const steps = (path ?? '').split('.').filter(Boolean);
  if (steps[0] === 'data') {
    steps.shift();
  }
  let current: unknown[] = [data];
  for (const step of steps) {
    current = current.flatMap((item) => {
      const next = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[step] : undefined;
      return next === undefined || next === null ? [] : Array.isArray(next) ? next : [next];
    });
  }
  return current.flatMap((item) => (Array.isArray(item) ? item : [item]));
}

/** Flattens nested objects to dotted keys ({agent: {name}} → "agent.name"); lists stay values. */
function flatten(value: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    }
  } else {
    into[prefix || 'value'] = value;
  }
  return into;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A raw query has no schema at hand, so a column's type is read from all its values (never the
 * first row alone): all numbers → number, all booleans → boolean, all ISO date-times → time.
 */
function columnType(values: unknown[]): FieldType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) {
    return FieldType.string;
  }
  if (present.every((v) => typeof v === 'number')) {
    return FieldType.number;
  }
  if (present.every((v) => typeof v === 'boolean')) {
    return FieldType.boolean;
  }
  if (present.every((v) => typeof v === 'string' && ISO_DATE_TIME.test(v))) {
    return FieldType.time;
  }
  return FieldType.string;
}

export function rawToFrames(query: AgentmonQuery, data: unknown, refId: string): DataFrame[] {
  const rows = rowsAtPath(data, query.dataPath).map((row) => flatten(row));
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return [
    createDataFrame({
      refId,
      fields: names.map((name) => {
        const values = rows.map((row) => row[name] ?? null);
        const type = columnType(values);
        return { name, type, values: values.map((v) => toFieldValue(type, v)) };
      }),
    }),
  ];
}
