import { SERVICE_STATES, STATUS_COLORS } from '../statusColors';
import type { FieldOverride, PanelQuery, PanelSpec } from './spec';

/**
 * Heatmap and state-timeline panels. The data source gives heatmaps as pre-bucketed
 * "heatmap-rows" frames, so the panel draws them as they are (no calculation).
 */

interface Common {
  width: number;
  description?: string;
  timeFrom?: string;
}

function heatmap(title: string, query: PanelQuery, opts: Common, layout: 'le' | 'unknown', yUnit: string): PanelSpec {
  return {
    type: 'heatmap',
    title,
    description: opts.description,
    width: opts.width,
    queries: [query],
    ...(opts.timeFrom ? { timeFrom: opts.timeFrom } : {}),
    options: {
      calculate: false,
      rowsFrame: { layout },
      yAxis: { axisPlacement: 'left', unit: yUnit },
      color: { mode: 'scheme', scheme: 'Oranges', steps: 64, exponent: 0.5, fill: 'dark-orange', reverse: false },
      cellGap: 1,
      filterValues: { le: 1e-9 },
      tooltip: { mode: 'single', yHistogram: true, showColorScale: false },
      legend: { show: true },
      showValue: 'never',
    },
    fieldConfig: { defaults: {}, overrides: [] },
  };
}

/** Durations per time bucket: each row a range of durations (ms), darker for more records. */
export const durationHeatmap = (title: string, query: Omit<PanelQuery, 'queryType'>, opts: Common): PanelSpec =>
  heatmap(
    title,
    { queryType: 'durationHeatmap', ...query },
    {
      description: 'How many took how long, per time bucket; rows are duration ranges up to the bound shown.',
      ...opts,
    },
    'le',
    'ms'
  );

/** Counts by hour of the day (UTC) and day. */
export const hourOfDayHeatmap = (title: string, query: Omit<PanelQuery, 'queryType'>, opts: Common): PanelSpec =>
  heatmap(
    title,
    { queryType: 'hourOfDayHeatmap', ...query },
    { description: 'Per day (columns) and hour of the day in UTC (rows).', ...opts },
    'unknown',
    'short'
  );

/** Colours of the fleet's states, from the status palette, for the state timeline and the status grid. */
export const stateMappings = [
  {
    type: 'value',
    options: Object.fromEntries(
      SERVICE_STATES.map((state, index) => [state, { color: STATUS_COLORS[state], index, text: state }])
    ),
  },
];

/** One coloured band per field (service) over time. */
export function stateTimeline(title: string, query: PanelQuery, opts: Common): PanelSpec {
  return {
    type: 'state-timeline',
    title,
    description: opts.description,
    width: opts.width,
    queries: [query],
    options: {
      mergeValues: true,
      showValue: 'auto',
      alignValue: 'left',
      rowHeight: 0.8,
      legend: { showLegend: true, displayMode: 'list', placement: 'bottom' },
    },
    fieldConfig: {
      defaults: {
        mappings: stateMappings,
        color: { mode: 'fixed' },
        custom: { spanNulls: true, fillOpacity: 80, lineWidth: 0 },
      },
      overrides: [],
    },
  };
}

/** Colours a column's cells by the fleet state they hold. */
export const stateColumn = (name: string): FieldOverride => ({
  matcher: { id: 'byName', options: name },
  properties: [
    { id: 'mappings', value: stateMappings },
    { id: 'custom.cellOptions', value: { type: 'color-background' } },
  ],
});
