import { DATASOURCE_TYPE, prefixRoute } from '../constants';
import { ALL_VALUE } from '../datasource/types';
import {
  annotationTarget,
  type AnnotationSpec,
  DATASOURCE_REF,
  DATASOURCE_VARIABLE,
  type DashboardPageSpec,
  DEFAULT_REFRESH,
  DEFAULT_TIME_RANGE,
  placePanels,
  REFRESH_INTERVALS,
  type VariableSpec,
  variableRefresh,
  withRefIds,
} from './spec';

/** The provisioned dashboard's file under src/dashboards/. */
export const dashboardFile = (spec: DashboardPageSpec) => `${spec.uid.replace(/^agentmon-/, '')}.json`;

function variable(v: VariableSpec) {
  return {
    type: 'query',
    name: v.name,
    label: v.label,
    datasource: DATASOURCE_REF,
    query: { refId: 'variable', kind: v.kind },
    definition: `Agentmon ${v.kind}`,
    multi: true,
    includeAll: true,
    // The data source drops a filter set to this value: "All" means no filter at all.
    allValue: ALL_VALUE,
    current: { text: 'All', value: '$__all' },
    refresh: variableRefresh(v.kind),
    sort: 1,
  };
}

function annotation(a: AnnotationSpec) {
  return {
    name: a.name,
    enable: true,
    iconColor: a.color,
    datasource: DATASOURCE_REF,
    target: annotationTarget(a),
  };
}

/**
 * The dashboard Grafana provisions for a page: the same panels, queries, variables and
 * annotations as the app's page, from the same spec.
 */
export function toDashboard(spec: DashboardPageSpec) {
  return {
    uid: spec.uid,
    title: `Agentmon ${spec.title}`,
    description: spec.description,
    tags: ['agentmon'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 41,
    time: DEFAULT_TIME_RANGE,
    refresh: DEFAULT_REFRESH,
    timepicker: { refresh_intervals: REFRESH_INTERVALS },
    timezone: 'browser',
    links: [
      {
        title: `Open in the Agentmon app`,
        type: 'link',
        url: prefixRoute(spec.uid.replace(/^agentmon-/, '')),
        icon: 'apps',
      },
    ],
    templating: {
      list: [
        {
          type: 'datasource',
          name: DATASOURCE_VARIABLE,
          label: 'Data source',
          query: DATASOURCE_TYPE,
          current: {},
          refresh: 1,
          regex: '',
        },
        ...spec.variables.map(variable),
      ],
    },
    annotations: {
      list: [
        {
          builtIn: 1,
          name: 'Annotations & Alerts',
          type: 'dashboard',
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          datasource: { type: 'grafana', uid: '-- Grafana --' },
        },
        ...spec.annotations.map(annotation),
      ],
    },
    panels: placePanels(spec.rows).map(({ spec: panel, x, y, w, h }, index) => ({
      id: index + 1,
      type: panel.type,
      title: panel.title,
      ...(panel.description ? { description: panel.description } : {}),
      gridPos: { x, y, w, h },
      datasource: DATASOURCE_REF,
      targets: withRefIds(panel.queries).map((q) => ({ ...q, datasource: DATASOURCE_REF })),
      options: panel.options ?? {},
      fieldConfig: { defaults: panel.fieldConfig?.defaults ?? {}, overrides: panel.fieldConfig?.overrides ?? [] },
      ...(panel.transformations ? { transformations: panel.transformations } : {}),
      ...(panel.timeFrom ? { timeFrom: panel.timeFrom } : {}),
    })),
  };
}
