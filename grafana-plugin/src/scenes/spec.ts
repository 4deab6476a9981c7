import { VariableRefresh } from '@grafana/schema';
import type { AgentmonQuery, AnnotationKind, QueryFilter, StatsPage, VariableKind } from '../datasource/types';

/**
 * A page is described once, as plain data, and turned into two things: the app's Scenes page
 * (scenes/buildScene.ts) and a provisioned dashboard (scenes/dashboard.ts). Panel options and
 * field config use Grafana's saved-panel shape, which both accept as they are.
 */

/** A query without refId: refIds are given in order (A, B, ...). */
export type PanelQuery = Omit<AgentmonQuery, 'refId'>;

export type PanelType = 'stat' | 'timeseries' | 'table' | 'bargauge' | 'piechart' | 'heatmap' | 'state-timeline';

export interface FieldOverride {
  matcher: { id: string; options?: unknown };
  properties: Array<{ id: string; value?: unknown }>;
}

export interface PanelSpec {
  type: PanelType;
  title: string;
  description?: string;
  /** Width in the dashboard grid's 24 columns. */
  width: number;
  queries: PanelQuery[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: FieldOverride[] };
  transformations?: Array<{ id: string; options: Record<string, unknown> }>;
  /**
   * Relative time override ("30d": the last 30 days, whatever the page's range), as Grafana's
   * panel `timeFrom`.
   */
  timeFrom?: string;
}

export interface RowSpec {
  /** Height in grid units (30 px each). */
  height: number;
  panels: PanelSpec[];
}

/** A template variable listing values of one kind, filtering the page's queries as $name. */
export interface VariableSpec {
  name: string;
  label: string;
  kind: VariableKind;
}

/** Events marked on the page's time series (failed runs, decisions). */
export interface AnnotationSpec {
  kind: AnnotationKind | 'fleet';
  name: string;
  color: string;
  filter?: QueryFilter;
}

export interface PageSpec {
  title: string;
  description: string;
  variables: VariableSpec[];
  annotations: AnnotationSpec[];
  rows: RowSpec[];
}

/** A page that is also provisioned as a dashboard. */
export interface DashboardPageSpec extends PageSpec {
  /** Dashboard uid; its file is dashboards/<uid without "agentmon-">.json. */
  uid: string;
}

export const ANNOTATION_LAYERS = {
  failedRuns: { kind: 'failedRuns', name: 'Failed workflow runs', color: 'red' },
  approvalDecisions: { kind: 'approvalDecisions', name: 'Approval decisions', color: 'orange' },
  planDecisions: { kind: 'planDecisions', name: 'Plan decisions', color: 'purple' },
} satisfies Record<AnnotationKind, AnnotationSpec>;

/** The annotation query of a layer, as the app's scenes and the dashboards store it. */
export const annotationTarget = (a: AnnotationSpec): AgentmonQuery => ({
  refId: 'Anno',
  // Service state changes come from the fleet query, whose frame has the annotation fields.
  ...(a.kind === 'fleet'
    ? { queryType: 'fleet', fleet: 'stateChanges' }
    : { queryType: 'annotations', annotation: a.kind }),
  ...(a.filter ? { filter: a.filter } : {}),
});

/** The state changes of the fleet (or of the services the filter names). */
export const FLEET_ANNOTATIONS: AnnotationSpec = { kind: 'fleet', name: 'Service state changes', color: 'yellow' };

/** A panel placed on the dashboard grid (24 columns, rows of 30 px). */
export interface PlacedPanel {
  spec: PanelSpec;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Places rows one under the other and panels left to right. */
export function placePanels(rows: RowSpec[]): PlacedPanel[] {
  let y = 0;
  return rows.flatMap((row) => {
    let x = 0;
    const placed = row.panels.map((spec) => {
      const panel = { spec, x, y, w: spec.width, h: row.height };
      x += spec.width;
      return panel;
    });
    y += row.height;
    return placed;
  });
}

/** The query with its refId (A, B, ...) as Grafana stores it. */
export const withRefIds = (queries: PanelQuery[]): AgentmonQuery[] =>
  queries.map((query, index) => ({ refId: String.fromCharCode(65 + index), ...query }));

/** Every page and dashboard opens on the last hour and refreshes every 30 s. */
export const DEFAULT_TIME_RANGE = { from: 'now-1h', to: 'now' };
export const DEFAULT_REFRESH = '30s';
export const REFRESH_INTERVALS = ['10s', '30s', '1m', '5m', '15m', '1h'];

/** The variable of the data source every page and dashboard queries. */
export const DATASOURCE_VARIABLE = 'datasource';
export const DATASOURCE_REF = { type: 'agentmon-datasource', uid: `\${${DATASOURCE_VARIABLE}}` };

/** The variables pages filter by, named as the filter keys they feed. */
export const VARIABLES = {
  agent: { name: 'agent', label: 'Agent', kind: 'agents' },
  tool: { name: 'tool', label: 'Tool', kind: 'tools' },
  user: { name: 'user', label: 'User', kind: 'users' },
  workflow: { name: 'workflow', label: 'Workflow', kind: 'workflows' },
} satisfies Record<string, VariableSpec>;

/**
 * When a variable's options are reloaded: models and providers are those seen in the time
 * range; the entity lists do not move with it.
 */
export function variableRefresh(kind: VariableKind): VariableRefresh {
  return kind === 'models' || kind === 'providers'
    ? VariableRefresh.onTimeRangeChanged
    : VariableRefresh.onDashboardLoad;
}

export const pageStat = (page: StatsPage, stat: string, extra: Partial<PanelQuery> = {}): PanelQuery => ({
  queryType: 'pageStat',
  page,
  stat,
  ...extra,
});
