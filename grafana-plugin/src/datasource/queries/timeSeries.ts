import type { DataFrame } from '@grafana/data';
import type { GraphQLRequest } from '../api';
import { TIME_SERIES_SELECTION, type ApiTimeSeries, timeSeriesToFrame } from '../frames/timeSeries';
import { METRIC_LABELS } from '../labels';
import type { AgentmonQuery } from '../types';
import { argumentList, compactFilter, declareVariables, type QueryContext, resolveInterval } from './context';

const TYPES = {
  metric: 'StatsMetric!',
  measure: 'StatsMeasure',
  range: 'TimeRangeInput',
  interval: 'String!',
  groupBy: 'StatsDimension',
  filter: 'StatsFilter',
  limit: 'Int',
};

export function buildTimeSeriesRequest(query: AgentmonQuery, ctx: QueryContext): GraphQLRequest {
  if (!query.metric) {
    throw new Error('Pick a metric for the time series.');
  }
  const { declarations, variables, has } = declareVariables(TYPES, {
    metric: query.metric,
    measure: query.measure,
    range: { from: ctx.from, to: ctx.to },
    interval: resolveInterval(query, ctx),
    groupBy: query.groupBy,
    filter: compactFilter(query.filter),
    limit: query.limit,
  });
  return {
    query: `query AgentmonTimeSeries${declarations} { timeSeries${argumentList(Object.keys(TYPES), has)} ${TIME_SERIES_SELECTION} }`,
    variables,
  };
}

export function timeSeriesToFrames(
  query: AgentmonQuery,
  data: { timeSeries: ApiTimeSeries },
  refId: string
): DataFrame[] {
  return [timeSeriesToFrame(data.timeSeries, refId, METRIC_LABELS[query.metric!], query.groupBy)];
}
