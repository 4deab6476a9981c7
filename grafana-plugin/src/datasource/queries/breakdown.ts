import type { DataFrame } from '@grafana/data';
import type { GraphQLRequest } from '../api';
import { selectionOf } from '../frames/selection';
import { breakdownColumns } from '../frames/shapes';
import { rowsToFrame } from '../frames/table';
import { measureUnit } from '../frames/timeSeries';
import { DIMENSION_LABELS, MEASURE_LABELS, METRIC_LABELS } from '../labels';
import type { AgentmonQuery } from '../types';
import { argumentList, compactFilter, declareVariables, type QueryContext } from './context';

const TYPES = {
  metric: 'StatsMetric!',
  by: 'StatsDimension!',
  measure: 'StatsMeasure',
  range: 'TimeRangeInput',
  filter: 'StatsFilter',
  limit: 'Int',
};

/** The breakdown's columns: the row's name is titled by the dimension, its value by the measure. */
function columnsFor(query: AgentmonQuery) {
  const measure = query.measure ?? 'COUNT';
  return breakdownColumns(MEASURE_LABELS[measure], measureUnit(measure)).map((c) =>
    c.name === 'label' ? { ...c, config: { ...c.config, displayName: DIMENSION_LABELS[query.by!] } } : c
  );
}

export function buildBreakdownRequest(query: AgentmonQuery, ctx: QueryContext): GraphQLRequest {
  if (!query.metric || !query.by) {
    throw new Error('Pick a metric and a dimension for the breakdown.');
  }
  const { declarations, variables, has } = declareVariables(TYPES, {
    metric: query.metric,
    by: query.by,
    measure: query.measure,
    range: { from: ctx.from, to: ctx.to },
    filter: compactFilter(query.filter),
    limit: query.limit,
  });
  return {
    query: `query AgentmonBreakdown${declarations} { breakdown${argumentList(Object.keys(TYPES), has)} ${selectionOf(columnsFor(query))} }`,
    variables,
  };
}

export function breakdownToFrames(query: AgentmonQuery, data: { breakdown: unknown[] }, refId: string): DataFrame[] {
  const name = `${METRIC_LABELS[query.metric!]} by ${DIMENSION_LABELS[query.by!].toLowerCase()}`;
  return [rowsToFrame(data.breakdown, columnsFor(query), refId, name)];
}
