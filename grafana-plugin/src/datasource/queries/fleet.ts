import type { DataFrame } from '@grafana/data';
import type { GraphQLTransport } from '../api';
import {
  type ApiService,
  type ApiStateChange,
  SERVICE_SELECTION,
  servicesFrame,
  STATE_CHANGE_SELECTION,
  stateChangesFrame,
  stateTimelineFrame,
} from '../frames/fleet';
import type { AgentmonQuery } from '../types';
import { execute, type QueryContext, withNotices } from './context';

/** The one service the query's filter names (its serviceId), if any. */
const serviceOf = (query: AgentmonQuery): string | undefined => query.filter?.service?.[0];

/** The fleet: services now (the status grid), their state changes (annotations), or their states over the range. */
export async function runFleet(query: AgentmonQuery, ctx: QueryContext, send: GraphQLTransport): Promise<DataFrame[]> {
  const view = query.fleet ?? 'services';
  const serviceId = serviceOf(query);
  const services = serviceId
    ? `service(serviceId: $serviceId) ${SERVICE_SELECTION}`
    : `services(filter: { includeRetired: true }) ${SERVICE_SELECTION}`;
  const changes = `serviceStateChanges(range: $range, serviceId: $serviceId) ${STATE_CHANGE_SELECTION}`;
  const selection = view === 'services' ? services : view === 'stateChanges' ? changes : `${services} ${changes}`;
  const declarations = [
    view !== 'services' ? '$range: TimeRangeInput' : '',
    serviceId || view !== 'services' ? '$serviceId: String' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const serviceDeclaration = serviceId
    ? declarations.replace('$serviceId: String', '$serviceId: String!')
    : declarations;
  const { data, notices } = await execute<{
    service?: ApiService | null;
    services?: ApiService[];
    serviceStateChanges?: ApiStateChange[];
  }>(
    send,
    {
      query: `query AgentmonFleet${serviceDeclaration ? `(${serviceDeclaration})` : ''} { ${selection} }`,
      variables: { range: { from: ctx.from, to: ctx.to }, serviceId: serviceId ?? null },
    },
    ctx.requestId
  );
  const list = serviceId ? (data.service ? [data.service] : []) : (data.services ?? []);
  const frame =
    view === 'services'
      ? servicesFrame(list, ctx.refId)
      : view === 'stateChanges'
        ? stateChangesFrame(data.serviceStateChanges ?? [], ctx.refId)
        : stateTimelineFrame(
            list.filter((s) => s.state !== 'RETIRED'),
            data.serviceStateChanges ?? [],
            Date.parse(ctx.from),
            Date.parse(ctx.to),
            ctx.refId
          );
  return withNotices([frame], notices);
}
