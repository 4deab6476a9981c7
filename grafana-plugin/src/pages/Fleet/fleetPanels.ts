import type { QueryFilter } from '../../datasource/types';
import { durationHeatmap, stateColumn, stateTimeline } from '../../scenes/heatmapPanels';
import { drilldown } from '../../scenes/links';
import { figure, HEALTHY_RATE, hideField, linkField, table, timeSeries } from '../../scenes/panels';
import { type DashboardPageSpec, FLEET_ANNOTATIONS, type PageSpec, type RowSpec } from '../../scenes/spec';

const uptime = (filter?: QueryFilter) => ({
  queryType: 'timeSeries' as const,
  metric: 'HEALTH_PROBES' as const,
  measure: 'SUCCESS_RATE' as const,
  filter,
});

/** Uptime and response times, for the whole fleet (one series per service) or one service. */
function probeRows(filter?: QueryFilter): RowSpec[] {
  const grouped = filter ? {} : { groupBy: 'SERVICE' as const };
  return [
    {
      height: 8,
      panels: [
        timeSeries('Uptime (share of probes up)', [{ ...uptime(filter), ...grouped }], {
          width: 12,
          unit: 'percentunit',
          description: 'Probes of the health endpoint that answered 2xx in time, per bucket.',
        }),
        timeSeries(
          'Response time p95',
          [{ queryType: 'timeSeries', metric: 'HEALTH_PROBES', measure: 'P95_DURATION_MS', filter, ...grouped }],
          {
            width: 12,
            unit: 'ms',
          }
        ),
      ],
    },
    {
      height: 9,
      panels: [durationHeatmap('Response time distribution', { metric: 'HEALTH_PROBES', filter }, { width: 24 })],
    },
  ];
}

export const fleetSpec: DashboardPageSpec = {
  uid: 'agentmon-fleet',
  title: 'Fleet',
  description:
    'The services of the platform: which are up, missing or down, their heartbeats, health checks and response times.',
  variables: [],
  annotations: [FLEET_ANNOTATIONS],
  rows: [
    {
      height: 4,
      panels: [
        figure('Uptime in the time range', uptime(), { width: 6, unit: 'percentunit', thresholds: HEALTHY_RATE }),
        timeSeries(
          'Heartbeats by status',
          [{ queryType: 'timeSeries', metric: 'SERVICE_HEARTBEATS', measure: 'COUNT', groupBy: 'STATUS' }],
          { width: 18, bars: true, stacked: true }
        ),
      ],
    },
    {
      height: 9,
      panels: [
        table(
          'Services now',
          { queryType: 'fleet', fleet: 'services' },
          {
            width: 24,
            description: 'Every registered service now: its state, last heartbeat, last probe and response time.',
            overrides: [
              stateColumn('State'),
              hideField('serviceId'),
              linkField('Service', 'Open service', drilldown.service()),
            ],
          }
        ),
      ],
    },
    {
      height: 8,
      panels: [stateTimeline('States over time', { queryType: 'fleet', fleet: 'stateTimeline' }, { width: 24 })],
    },
    ...probeRows(),
    {
      height: 8,
      panels: [
        table(
          'State changes',
          { queryType: 'fleet', fleet: 'stateChanges' },
          { width: 24, overrides: [stateColumn('state'), hideField('tags')] }
        ),
      ],
    },
  ],
};

export function serviceDetailSpec(serviceId: string): PageSpec {
  const filter = { service: [serviceId] };
  return {
    title: serviceId,
    description: `Service ${serviceId}`,
    variables: [],
    annotations: [{ ...FLEET_ANNOTATIONS, filter }],
    rows: [
      {
        height: 5,
        panels: [
          table(
            'Now',
            { queryType: 'fleet', fleet: 'services', filter },
            { width: 24, overrides: [stateColumn('State'), hideField('serviceId')] }
          ),
        ],
      },
      {
        height: 5,
        panels: [
          stateTimeline('State over time', { queryType: 'fleet', fleet: 'stateTimeline', filter }, { width: 24 }),
        ],
      },
      ...probeRows(filter),
      {
        height: 8,
        panels: [
          timeSeries(
            'Heartbeats',
            [{ queryType: 'timeSeries', metric: 'SERVICE_HEARTBEATS', measure: 'COUNT', groupBy: 'STATUS', filter }],
            { width: 12, bars: true, stacked: true }
          ),
          table(
            'State changes',
            { queryType: 'fleet', fleet: 'stateChanges', filter },
            { width: 12, overrides: [stateColumn('state'), hideField('tags'), hideField('serviceId')] }
          ),
        ],
      },
    ],
  };
}
