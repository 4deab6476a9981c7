import { PEOPLE } from '../datasource/frames/people';
import { NAMED_SERIES_COLORS, SERIES_COLOR, STATUS_COLORS } from '../statusColors';
import { drilldown } from './links';
import type { FieldOverride, PanelQuery, PanelSpec, PanelType } from './spec';

/**
 * Panel builders shared by every page: each returns a PanelSpec in Grafana's saved-panel shape,
 * so pages state what they show and not how a stat or a table is configured.
 */

interface Common {
  width: number;
  description?: string;
}

const byName = (name: string, properties: FieldOverride['properties']): FieldOverride => ({
  matcher: { id: 'byName', options: name },
  properties,
});

/**
 * Colours by name as field overrides (the status palette unless told): a series, slice or bar of
 * that name takes its colour (Grafana applies a byName colour override to per-row slices and bars
 * too). Every chart carries them; other names are left alone.
 */
export const colorOverrides = (palette: Readonly<Record<string, string>> = STATUS_COLORS): FieldOverride[] =>
  Object.entries(palette).map(([status, color]) =>
    byName(status, [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }])
  );

/**
 * The colours of every chart: a series, slice or bar named after a status takes its status
 * colour, one the API names (runs started, plans…) its shade of purple, and any other a shade of
 * purple by its place (never Grafana's classic palette, whose green and yellow read as statuses).
 */
export const chartColors = (): { defaults: { color: typeof SERIES_COLOR }; overrides: FieldOverride[] } => ({
  defaults: { color: SERIES_COLOR },
  overrides: [...colorOverrides(), ...colorOverrides(NAMED_SERIES_COLORS)],
});

/** The panel types that draw series, slices or bars, each of which carries the palette. */
export const CHART_TYPES = ['timeseries', 'piechart', 'bargauge', 'barchart'];

/** Table columns that hold a status: their cells' text takes the status colour. */
export const STATUS_COLUMNS = ['status', 'lastRunStatus'];

const statusCells = (name: string): FieldOverride =>
  byName(name, [
    { id: 'custom.cellOptions', value: { type: 'color-text' } },
    {
      id: 'mappings',
      value: [
        {
          type: 'value',
          options: Object.fromEntries(
            Object.entries(STATUS_COLORS).map(([status, color], index) => [status, { color, index }])
          ),
        },
      ],
    },
  ]);

/** Hides a column that links or transformations still read (e.g. an id beside its name). */
export const hideField = (name: string) =>
  byName(name, [
    { id: 'custom.hideFrom', value: { viz: true, legend: false, tooltip: false } },
    // Grafana 12.3's table reads the older flag.
    { id: 'custom.hidden', value: true },
  ]);

/** Makes a column's cells links (drill-downs to detail pages). */
export const linkField = (name: string, title: string, url: string) =>
  byName(name, [{ id: 'links', value: [{ title, url }] }]);

/**
 * A person's name links to the user page, and the link's title is the platform id: Grafana's table
 * renders a cell with one link as an anchor whose title attribute is the link title, so hovering
 * the name shows the id (a per-cell tooltip has no other place in a table). The id column stays
 * in the frame, hidden, for the link to read.
 */
const personCells = (): FieldOverride[] =>
  PEOPLE.flatMap(({ id, shown }) => [
    hideField(id),
    linkField(shown, `\${__data.fields["${id}"]}`, drilldown.user(id)),
  ]);

/** Names the series of one query (by refId), e.g. when two queries both return "count". */
export const seriesName = (refId: string, name: string): FieldOverride => ({
  matcher: { id: 'byFrameRefID', options: refId },
  properties: [{ id: 'displayName', value: name }],
});

/** Draws one series on a right-hand axis with its own unit (cost beside tokens). */
export const rightAxis = (name: string) => byName(name, [{ id: 'custom.axisPlacement', value: 'right' }]);

/** Numbers shown big; `fields` picks the frame's fields by display name (a regex), all when empty. */
export function stat(
  title: string,
  queries: PanelQuery[],
  opts: Common & { unit?: string; fields?: string }
): PanelSpec {
  return {
    type: 'stat',
    title,
    description: opts.description,
    width: opts.width,
    queries,
    options: {
      reduceOptions: { values: false, calcs: ['lastNotNull'], fields: opts.fields ?? '' },
      orientation: 'auto',
      textMode: 'value_and_name',
      colorMode: 'none',
      graphMode: 'none',
      justifyMode: 'auto',
      wideLayout: true,
    },
    // A rate or duration is null when nothing finished: a dash, not a misleading 0.
    fieldConfig: { defaults: { ...(opts.unit ? { unit: opts.unit } : {}), noValue: '–' }, overrides: [] },
  };
}

/** Today / last 7 days / all time of a PeriodCounts figure. */
export const periodCounts = (title: string, query: PanelQuery, width: number) =>
  stat(title, [query], {
    width,
    description: 'Today (since midnight in the dashboard time zone), the last 7 days and all time.',
  });

/** A single figure with thresholds colouring it (success rates, things waiting for a person). */
export function figure(
  title: string,
  query: PanelQuery,
  opts: Common & { unit?: string; thresholds?: Array<{ color: string; value: number | null }> }
): PanelSpec {
  const spec = stat(title, [query], opts);
  return {
    ...spec,
    options: { ...spec.options, textMode: 'value', colorMode: opts.thresholds ? 'value' : 'none' },
    fieldConfig: {
      defaults: {
        ...spec.fieldConfig?.defaults,
        ...(opts.thresholds
          ? { thresholds: { mode: 'absolute', steps: opts.thresholds }, color: { mode: 'thresholds' } }
          : {}),
      },
      overrides: [],
    },
  };
}

/** Rates that are good when high: red below 90 %, orange below 99 %. */
export const HEALTHY_RATE = [
  { color: 'red', value: null },
  { color: 'orange', value: 0.9 },
  { color: 'green', value: 0.99 },
];

/** Counts that are fine at 0 and need attention above. */
export const WAITING = [
  { color: 'green', value: null },
  { color: 'orange', value: 1 },
];

export function timeSeries(
  title: string,
  queries: PanelQuery[],
  opts: Common & { unit?: string; bars?: boolean; stacked?: boolean; overrides?: FieldOverride[]; timeFrom?: string }
): PanelSpec {
  return {
    type: 'timeseries',
    title,
    description: opts.description,
    width: opts.width,
    queries,
    ...(opts.timeFrom ? { timeFrom: opts.timeFrom } : {}),
    options: {
      legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    fieldConfig: {
      defaults: {
        ...(opts.unit ? { unit: opts.unit } : {}),
        ...chartColors().defaults,
        custom: {
          drawStyle: opts.bars ? 'bars' : 'line',
          lineWidth: 1,
          fillOpacity: opts.bars ? 80 : 15,
          showPoints: 'never',
          spanNulls: false,
          stacking: { mode: opts.stacked ? 'normal' : 'none', group: 'A' },
        },
      },
      overrides: [...chartColors().overrides, ...(opts.overrides ?? [])],
    },
  };
}

export function table(title: string, query: PanelQuery, opts: Common & { overrides?: FieldOverride[] }): PanelSpec {
  return {
    type: 'table',
    title,
    description: opts.description,
    width: opts.width,
    queries: [query],
    options: { showHeader: true, cellHeight: 'sm' },
    fieldConfig: {
      defaults: {},
      overrides: [...STATUS_COLUMNS.map(statusCells), ...(opts.overrides ?? []), ...personCells()],
    },
  };
}

/** Keeps the named columns of a table frame, so each row becomes one bar or slice named by its label. */
const keepFields = (names: string[]) => [{ id: 'filterFieldsByName', options: { include: { names } } }];

const perRow = { values: true, calcs: [], fields: '' };

/**
 * Names each bar or slice after its row. The data source gives every column a display name
 * ("Count"), and Grafana titles a per-row value with its field's display name when one is set, so
 * without this every bar would read "Count". `${__data.fields[...]}` is Grafana's row-scoped
 * variable: the named field's value on the same row (looked up by field name, then display name).
 */
export const rowNameOverride = (name: string, value: string): FieldOverride =>
  byName(value, [{ id: 'displayName', value: `\${__data.fields["${name}"]}` }]);

type PerRowOptions = Common & { name: string; value: string; unit?: string };

/** A panel with one bar or slice per row of a table frame: `name` labels it, `value` sizes it. */
function perRowPanel(
  type: PanelType,
  title: string,
  query: PanelQuery,
  opts: PerRowOptions,
  options: object,
  defaults: object = {}
): PanelSpec {
  return {
    type,
    title,
    description: opts.description,
    width: opts.width,
    queries: [query],
    transformations: keepFields([opts.name, opts.value]),
    options: { reduceOptions: perRow, ...options },
    fieldConfig: {
      defaults: { ...(opts.unit ? { unit: opts.unit } : {}), ...chartColors().defaults, ...defaults },
      overrides: [rowNameOverride(opts.name, opts.value), ...chartColors().overrides],
    },
  };
}

/** One horizontal bar per row. */
export function barGauge(title: string, query: PanelQuery, opts: PerRowOptions): PanelSpec {
  return perRowPanel(
    'bargauge',
    title,
    query,
    opts,
    {
      orientation: 'horizontal',
      displayMode: 'gradient',
      valueMode: 'color',
      showUnfilled: true,
      namePlacement: 'left',
    },
    { min: 0 }
  );
}

/** A donut of rows (status counts, models). */
export function pie(title: string, query: PanelQuery, opts: PerRowOptions): PanelSpec {
  return perRowPanel('piechart', title, query, opts, {
    pieType: 'donut',
    legend: { showLegend: true, displayMode: 'table', placement: 'right', values: ['value', 'percent'] },
    tooltip: { mode: 'single', sort: 'none' },
  });
}
