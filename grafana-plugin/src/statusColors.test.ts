import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { createDataFrame, createTheme, type Field, fieldColorModeRegistry, FieldType } from '@grafana/data';
import { ALL_PAGE_SPECS, perRowDisplayValues } from './test/pageSpecs';
import { stateMappings } from './scenes/heatmapPanels';
import { CHART_TYPES, pie, STATUS_COLUMNS } from './scenes/panels';
import { pageStat } from './scenes/spec';
import { METRIC_LABEL_COLORS, NAMED_SERIES_COLORS, SERIES_COLOR, SERVICE_STATES, STATUS_COLORS } from './statusColors';

/** What every chart must carry: one fixed-colour override per status, the palette's colour. */
const overridesFor = (palette: Record<string, string>) =>
  Object.entries(palette).map(([status, color]) => ({
    matcher: { id: 'byName', options: status },
    properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }],
  }));
const PALETTE_OVERRIDES = overridesFor(STATUS_COLORS);

const repository = path.resolve(__dirname, '../..');
const dashboardsIn = (folder: string) =>
  readdirSync(path.join(repository, folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      file: `${folder}/${file}`,
      json: JSON.parse(readFileSync(path.join(repository, folder, file), 'utf8')),
    }));
const panelsOf = (panels: any[]): any[] => panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);

const specPanels = ALL_PAGE_SPECS.flatMap((page) =>
  page.rows.flatMap((row) => row.panels.map((panel) => ({ where: `${page.title}: ${panel.title}`, panel })))
);
const pluginDashboardPanels = dashboardsIn('grafana-plugin/src/dashboards').flatMap(({ file, json }) =>
  panelsOf(json.panels).map((panel) => ({ where: `${file}: ${panel.title}`, panel }))
);

const provisionedPanels = dashboardsIn('provisioning/dashboards/agentmon').flatMap(({ file, json }) =>
  panelsOf(json.panels).map((panel) => ({ where: `${file}: ${panel.title}`, panel }))
);

const overridesOf = (panel: any) => panel.fieldConfig?.overrides ?? [];

const theme = createTheme();
/** A colour's hue in degrees (0 to 360), or null for a grey. */
function hueOf(color: string): number | null {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(theme.visualization.getColorByName(color).slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const spread = max - Math.min(r, g, b);
  if (spread < 0.1) {
    return null;
  }
  const hue = max === r ? ((g - b) / spread) % 6 : max === g ? (b - r) / spread + 2 : (r - g) / spread + 4;
  return (hue * 60 + 360) % 360;
}
/** Purple, the hue no status has (blue running, red failure lie either side). */
const isPurple = (color: string) => {
  const hue = hueOf(color);
  return hue !== null && hue > 260 && hue < 320;
};

describe('one status palette', () => {
  it('maps every status of the API to the colour the team agreed on', () => {
    expect(STATUS_COLORS).toMatchObject({
      SUCCESS: 'green',
      FAILURE: 'red',
      FAILED: 'red',
      TIMEOUT: 'orange',
      RUNNING: 'blue',
      WAITING_APPROVAL: 'yellow',
      PENDING_APPROVAL: 'yellow',
      CANCELLED: STATUS_COLORS.REJECTED,
      NOT_STARTED: STATUS_COLORS.DRAFT,
    });
    expect(STATUS_COLORS.COMPLETED).toBe(STATUS_COLORS.SUCCESS);
    expect(STATUS_COLORS.REJECTED).not.toBe(STATUS_COLORS.COMPLETED);
    expect(STATUS_COLORS.NOT_STARTED).not.toBe(STATUS_COLORS.CANCELLED);
  });

  it.each([
    ['page spec', specPanels],
    ['app dashboard file', pluginDashboardPanels],
  ])('colours every series, slice and bar of each %s from the palette, and every status cell', (_, panels) => {
    const charts = panels.filter(({ panel }) => CHART_TYPES.includes(panel.type));
    const tables = panels.filter(({ panel }) => panel.type === 'table');
    expect(charts.length).toBeGreaterThan(10);
    expect(tables.length).toBeGreaterThan(5);
    for (const { where, panel } of charts) {
      expect({ where, overrides: overridesOf(panel) }).toEqual({
        where,
        overrides: expect.arrayContaining(PALETTE_OVERRIDES),
      });
    }
    for (const { where, panel } of tables) {
      const statusCells = overridesOf(panel).filter((o: any) => STATUS_COLUMNS.includes(o.matcher.options));
      expect({ where, columns: statusCells.map((o: any) => o.matcher.options) }).toEqual({
        where,
        columns: STATUS_COLUMNS,
      });
      for (const override of statusCells) {
        const mapping = override.properties.find((p: any) => p.id === 'mappings').value[0].options;
        expect({
          where,
          colours: Object.fromEntries(Object.entries(mapping).map(([k, v]: any) => [k, v.color])),
        }).toEqual({ where, colours: STATUS_COLORS });
      }
    }
  });

  // Grafana's default, the classic palette, draws green, yellow, blue, orange and red first: a
  // series that is not a status ("Plans", "Completed") would read as one beside a status chart.
  it.each([
    ['page spec', specPanels],
    ['app dashboard file', pluginDashboardPanels],
    ['provisioned dashboard file', provisionedPanels],
  ])('draws every series of each %s that is not a status in purple, a hue no status has', (_, panels) => {
    const charts = panels.filter(({ panel }) => CHART_TYPES.includes(panel.type));
    expect(charts.length).toBeGreaterThan(3);
    const statuses = new Set([...Object.keys(STATUS_COLORS), ...Object.keys(METRIC_LABEL_COLORS)]);
    for (const { where, panel } of charts) {
      const color = panel.fieldConfig?.defaults?.color;
      expect({ where, color }).toEqual({ where, color: SERIES_COLOR });
      const named = overridesOf(panel)
        .filter((o: any) => o.matcher.id === 'byName' && !statuses.has(o.matcher.options))
        .flatMap((o: any) => o.properties.filter((p: any) => p.id === 'color'))
        .map((p: any) => p.value.fixedColor);
      expect({ where, notPurple: named.filter((c: string) => !isPurple(c)) }).toEqual({ where, notPurple: [] });
    }
  });

  it('keeps the series colours apart from the statuses: every shade Grafana draws is purple, and no status is', () => {
    const shades = fieldColorModeRegistry.get(SERIES_COLOR.mode);
    const drawn = Array.from({ length: 12 }, (_, seriesIndex) =>
      shades.getCalculator({ config: { color: SERIES_COLOR }, state: { seriesIndex } } as unknown as Field, theme)(0, 0)
    );
    expect(new Set(drawn).size).toBeGreaterThan(5);
    expect(drawn.filter((c) => !isPurple(c))).toEqual([]);
    expect(Object.values(NAMED_SERIES_COLORS).filter((c) => !isPurple(c))).toEqual([]);
    expect(Object.values(METRIC_LABEL_COLORS).filter(isPurple)).toEqual([]);
    // The shades of one chart's named series are told apart.
    expect(new Set([NAMED_SERIES_COLORS.started, NAMED_SERIES_COLORS.completed]).size).toBe(2);
    expect(new Set([NAMED_SERIES_COLORS.plans, NAMED_SERIES_COLORS.conversations]).size).toBe(2);
  });

  // Every chart, not only those whose Agentmon query groups by STATUS: a Prometheus panel splits
  // by a status label in PromQL, which no target field names.
  it('colours every Agentmon chart of the provisioned dashboards from the palette', () => {
    const charts = provisionedPanels.filter(
      ({ panel }) => CHART_TYPES.includes(panel.type) && panel.datasource?.type !== 'prometheus'
    );
    expect(charts.length).toBeGreaterThan(3);
    for (const { where, panel } of charts) {
      expect({ where, overrides: overridesOf(panel) }).toEqual({
        where,
        overrides: expect.arrayContaining(PALETTE_OVERRIDES),
      });
    }
  });

  // The API's metrics label statuses with the enums' values ("running", "waiting_approval"), and
  // Grafana's byName matcher is exact: "RUNNING" does not colour a series named "running".
  it('colours Prometheus series by their lower-case status labels and GraphQL outcomes, as the API names them', () => {
    expect(METRIC_LABEL_COLORS).toMatchObject({
      success: STATUS_COLORS.SUCCESS,
      failure: STATUS_COLORS.FAILURE,
      failed: STATUS_COLORS.FAILED,
      running: STATUS_COLORS.RUNNING,
      queued: STATUS_COLORS.QUEUED,
      waiting_approval: STATUS_COLORS.WAITING_APPROVAL,
      cancelled: STATUS_COLORS.CANCELLED,
      server_error: STATUS_COLORS.FAILURE,
    });
    const charts = provisionedPanels.filter(
      ({ panel }) => CHART_TYPES.includes(panel.type) && panel.datasource?.type === 'prometheus'
    );
    expect(charts.length).toBeGreaterThan(3);
    for (const { where, panel } of charts) {
      expect({ where, overrides: overridesOf(panel) }).toEqual({
        where,
        overrides: expect.arrayContaining(overridesFor(METRIC_LABEL_COLORS)),
      });
    }
  });

  it('names each Prometheus series split by status after the status alone, so the palette override matches it', () => {
    const targets = provisionedPanels.flatMap(({ where, panel }) =>
      (panel.targets ?? [])
        .filter((t: any) => typeof t.expr === 'string')
        .map((t: any) => ({ where: `${where} ${t.refId}`, expr: t.expr, legendFormat: t.legendFormat }))
    );
    const byStatus = targets.filter(
      ({ expr, legendFormat }) => /\bby\s*\([^)]*\bstatus\b/.test(expr) || String(legendFormat).includes('{{status}}')
    );
    expect(byStatus.length).toBeGreaterThan(0);
    for (const { where, legendFormat } of byStatus) {
      expect({ where, legendFormat }).toEqual({ where, legendFormat: '{{status}}' });
    }
  });

  it('colours the fleet states in the status grid and state timeline from the palette', () => {
    const [mapping] = stateMappings;
    expect(Object.fromEntries(Object.entries(mapping.options).map(([state, m]) => [state, m.color]))).toEqual(
      Object.fromEntries(SERVICE_STATES.map((state) => [state, STATUS_COLORS[state]]))
    );
    expect(STATUS_COLORS).toMatchObject({
      UP: STATUS_COLORS.SUCCESS,
      DOWN: STATUS_COLORS.FAILURE,
      MISSING: STATUS_COLORS.TIMEOUT,
      DEGRADED: STATUS_COLORS.PENDING,
    });
  });

  it('gives each pie slice its status colour once Grafana applies the overrides', () => {
    const spec = pie('By status', pageStat('tools', 'statuses'), { width: 8, name: 'status', value: 'count' });
    const frame = createDataFrame({
      fields: [
        { name: 'status', type: FieldType.string, values: ['SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED'] },
        { name: 'count', type: FieldType.number, values: [5, 3, 2, 1] },
      ],
    });
    const theme = createTheme();
    const slices = perRowDisplayValues(spec, frame, theme);
    expect(slices.map((s) => [s.display.title, s.display.color])).toEqual(
      ['SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED'].map((status) => [
        status,
        theme.visualization.getColorByName(STATUS_COLORS[status]),
      ])
    );
  });
});
