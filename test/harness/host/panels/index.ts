import { FieldColorModeId, PanelPlugin, type PanelPluginMeta, type PanelProps, PluginType } from '@grafana/data';
import { type ComponentType, createElement } from 'react';
import { BarGaugePanel } from './BarGaugePanel';
import { customOptions } from './customOptions';
import { HeatmapPanel } from './HeatmapPanel';
import { PieChartPanel } from './PieChartPanel';
import { StatPanel } from './StatPanel';
import { StateTimelinePanel } from './StateTimelinePanel';
import { TablePanel } from './TablePanel';
import { TimeSeriesPanel } from './TimeSeriesPanel';

const palette = {
  color: {
    defaultValue: { mode: FieldColorModeId.PaletteClassic },
    settings: { byValueSupport: true, bySeriesSupport: true },
  },
};
const hideFrom = { legend: false, tooltip: false, viz: false };

/** The custom field options of Grafana's time series panel, with its defaults. */
const GRAPH_DEFAULTS = {
  drawStyle: 'line',
  lineInterpolation: 'linear',
  lineWidth: 1,
  fillOpacity: 0,
  gradientMode: 'none',
  barAlignment: 0,
  barWidthFactor: 0.6,
  showPoints: 'auto',
  pointSize: 5,
  spanNulls: false,
  stacking: { mode: 'none', group: 'A' },
  axisPlacement: 'auto',
  axisLabel: '',
  axisColorMode: 'text',
  axisBorderShow: false,
  axisCenteredZero: false,
  scaleDistribution: { type: 'linear' },
  thresholdsStyle: { mode: 'off' },
  hideFrom,
};

/** The custom field options of Grafana's table panel (12.3 still reads `hidden`). */
const TABLE_DEFAULTS = {
  align: 'auto',
  cellOptions: { type: 'auto' },
  inspect: false,
  filterable: false,
  width: undefined,
  minWidth: undefined,
  hidden: false,
  hideFrom,
};

/** The panel with its data state on the DOM, so tests can wait until its queries are answered. */
const withDataState = (Panel: ComponentType<PanelProps>) =>
  function HarnessPanel(props: PanelProps) {
    return createElement(
      'div',
      { 'data-panel-state': props.data.state, style: { display: 'contents' } },
      createElement(Panel, props)
    );
  };

function panel(
  id: string,
  name: string,
  component: ComponentType<PanelProps<any>>,
  config: Parameters<PanelPlugin['useFieldConfig']>[0] = {}
): PanelPlugin {
  const plugin = new PanelPlugin(withDataState(component)).useFieldConfig(config);
  plugin.meta = {
    id,
    name,
    type: PluginType.panel,
    module: `core:plugin/${id}`,
    baseUrl: '',
    sort: 0,
    info: {
      author: { name: 'Agentmon harness' },
      description: `Stand-in for Grafana's ${name} panel`,
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: '',
    },
  } as PanelPluginMeta;
  return plugin;
}

/** Stand-ins for the core panels the app's pages use, built from @grafana/ui components. */
const PANELS: Record<string, PanelPlugin> = {
  stat: panel('stat', 'Stat', StatPanel),
  timeseries: panel('timeseries', 'Time series', TimeSeriesPanel, {
    standardOptions: palette,
    useCustomConfig: customOptions(GRAPH_DEFAULTS),
  }),
  table: panel('table', 'Table', TablePanel, { useCustomConfig: customOptions(TABLE_DEFAULTS) }),
  bargauge: panel('bargauge', 'Bar gauge', BarGaugePanel),
  piechart: panel('piechart', 'Pie chart', PieChartPanel, {
    standardOptions: palette,
    useCustomConfig: customOptions({ hideFrom }),
  }),
  heatmap: panel('heatmap', 'Heatmap', HeatmapPanel),
  // Grafana's state timeline field options and defaults; the stand-in reads spanNulls.
  'state-timeline': panel('state-timeline', 'State timeline', StateTimelinePanel, {
    useCustomConfig: customOptions({ lineWidth: 0, fillOpacity: 70, spanNulls: false, hideFrom }),
  }),
};

/** Grafana's panel plugin loading (setPluginImportUtils), over the stand-ins. */
export const panelImportUtils = {
  getPanelPluginFromCache: (id: string) => PANELS[id],
  importPanelPlugin: async (id: string) => {
    const plugin = PANELS[id];
    if (!plugin) {
      throw new Error(`Panel plugin ${id} is not one of the harness's stand-ins (${Object.keys(PANELS).join(', ')})`);
    }
    return plugin;
  },
};
