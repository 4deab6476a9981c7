import type { DataFrame } from '@grafana/data';
import type { GraphQLRequest } from '../api';
import {
  type ApiDurationDistribution,
  DISTRIBUTION_SELECTION,
  distributionToHeatmapFrame,
  hourOfDayFrame,
} from '../frames/heatmap';
import { type ApiTimeSeries } from '../frames/timeSeries';
import { METRIC_LABELS } from '../labels';
import type { AgentmonQuery } from '../types';
import { argumentList, compactFilter, declareVariables, type QueryContext, resolveInterval } from './context';
import { buildTimeSeriesRequest } from './timeSeries';

const DISTRIBUTION_TYPES = {
  metric: 'StatsMetric!',
  range: 'TimeRangeInput',
  interval: 'String!',
  filter: 'StatsFilter',
  binsPerRow: 'Int',
};

export function buildDurationHeatmapRequest(query: AgentmonQuery, ctx: QueryContext): GraphQLRequest {
  if (!query.metric) {
    throw new Error('Pick a metric for the duration heatmap.');
  }
  const { declarations, variables, has } = declareVariables(DISTRIBUTION_TYPES, {
    metric: query.metric,
    range: { from: ctx.from, to: ctx.to },
    interval: resolveInterval(query, ctx),
    filter: compactFilter(query.filter),
    binsPerRow: query.binsPerRow,
  });
  return {
    query: `query AgentmonDurationHeatmap${declarations} { durationDistribution${argumentList(Object.keys(DISTRIBUTION_TYPES), has)} ${DISTRIBUTION_SELECTION} }`,
    variables,
  };
}

export function durationHeatmapToFrames(
  query: AgentmonQuery,
  data: { durationDistribution: ApiDurationDistribution },
  refId: string
): DataFrame[] {
  return [distributionToHeatmapFrame(data.durationDistribution, refId, METRIC_LABELS[query.metric!])];
}

/** Hourly counts of the metric over the range (a plain time series), for an hour-of-day by day heatmap. */
export function buildHourOfDayRequest(query: AgentmonQuery, ctx: QueryContext): GraphQLRequest {
  if (!query.metric) {
    throw new Error('Pick a metric for the hour-of-day heatmap.');
  }
  return buildTimeSeriesRequest(
    { ...query, measure: 'COUNT', interval: '1h', groupBy: undefined, limit: undefined },
    ctx
  );
}

export function hourOfDayToFrames(
  query: AgentmonQuery,
  data: { timeSeries: ApiTimeSeries },
  refId: string
): DataFrame[] {
  return [hourOfDayFrame(data.timeSeries, refId, METRIC_LABELS[query.metric!])];
}
