import type { DataFrame } from '@grafana/data';
import type { GraphQLRequest, GraphQLTransport } from '../api';
import type { AgentmonQuery } from '../types';
import { runAnnotations } from './annotations';
import { breakdownToFrames, buildBreakdownRequest } from './breakdown';
import { execute, type QueryContext, withNotices } from './context';
import { runList } from './list';
import { runFleet } from './fleet';
import {
  buildDurationHeatmapRequest,
  buildHourOfDayRequest,
  durationHeatmapToFrames,
  hourOfDayToFrames,
} from './heatmap';
import { buildPageStatRequest, pageStatToFrames } from './pageStat';
import { buildRawRequest, rawToFrames } from './raw';
import { buildTimeSeriesRequest, timeSeriesToFrames } from './timeSeries';

/** One request, then its frames: the shape of every query type that needs a single round trip. */
async function single(
  send: GraphQLTransport,
  ctx: QueryContext,
  request: GraphQLRequest,
  toFrames: (data: any) => DataFrame[]
): Promise<DataFrame[]> {
  const { data, notices } = await execute(send, request, ctx.requestId);
  return withNotices(toFrames(data), notices);
}

/** Runs one query whose template variables are already replaced. */
export async function runQuery(query: AgentmonQuery, ctx: QueryContext, send: GraphQLTransport): Promise<DataFrame[]> {
  switch (query.queryType ?? 'timeSeries') {
    case 'pageStat':
      return single(send, ctx, buildPageStatRequest(query, ctx), (data) => pageStatToFrames(query, data, ctx));
    case 'timeSeries':
      return single(send, ctx, buildTimeSeriesRequest(query, ctx), (data) =>
        timeSeriesToFrames(query, data, ctx.refId)
      );
    case 'breakdown':
      return single(send, ctx, buildBreakdownRequest(query, ctx), (data) => breakdownToFrames(query, data, ctx.refId));
    case 'raw':
      return single(send, ctx, buildRawRequest(query, ctx), (data) => rawToFrames(query, data, ctx.refId));
    case 'list':
      return runList(query, ctx, send);
    case 'annotations':
      return runAnnotations(query, ctx, send);
    case 'durationHeatmap':
      return single(send, ctx, buildDurationHeatmapRequest(query, ctx), (data) =>
        durationHeatmapToFrames(query, data, ctx.refId)
      );
    case 'hourOfDayHeatmap':
      return single(send, ctx, buildHourOfDayRequest(query, ctx), (data) => hourOfDayToFrames(query, data, ctx.refId));
    case 'fleet':
      return runFleet(query, ctx, send);
    default:
      throw new Error(`Unknown query type "${query.queryType}".`);
  }
}
