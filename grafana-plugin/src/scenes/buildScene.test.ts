import {
  DataSourceVariable,
  QueryVariable,
  SceneDataLayerSet,
  SceneDataTransformer,
  SceneGridItem,
  SceneRefreshPicker,
  SceneTimeRange,
  sceneGraph,
} from '@grafana/scenes';
import { queriesOf, runnerOf, vizPanels } from '../test/scenes';
import { buildScene } from './buildScene';
import { pie, stat, timeSeries } from './panels';
import { PanelTimeRange } from './panelTimeRange';
import { ANNOTATION_LAYERS, DATASOURCE_REF, type PageSpec, pageStat, VARIABLES } from './spec';

const spec: PageSpec = {
  title: 'Test',
  description: 'A test page',
  variables: [VARIABLES.agent],
  annotations: [ANNOTATION_LAYERS.failedRuns],
  rows: [
    {
      height: 5,
      panels: [
        stat('Executions', [pageStat('agents', 'executions')], { width: 12 }),
        pie('By status', pageStat('agents', 'statuses'), { width: 12, name: 'status', value: 'count' }),
      ],
    },
    {
      height: 8,
      panels: [stat('Summary', [pageStat('agents', 'summary'), pageStat('tools', 'summary')], { width: 24 })],
    },
  ],
};

describe('buildScene', () => {
  const scene = buildScene(spec);

  it('opens on the last hour and refreshes every 30 s', () => {
    expect((scene.state.$timeRange as SceneTimeRange).state).toMatchObject({ from: 'now-1h', to: 'now' });
    const refresh = scene.state.controls?.find((c) => c instanceof SceneRefreshPicker) as SceneRefreshPicker;
    expect(refresh.state.refresh).toBe('30s');
  });

  it('has the data source variable and the page variables, whose All means no filter', () => {
    const [ds, agent] = sceneGraph.getVariables(scene).state.variables;
    expect(ds).toBeInstanceOf(DataSourceVariable);
    expect(ds.state).toMatchObject({ name: 'datasource', pluginId: 'agentmon-datasource' });
    expect(agent).toBeInstanceOf(QueryVariable);
    expect(agent.state).toMatchObject({
      name: 'agent',
      query: { kind: 'agents' },
      isMulti: true,
      includeAll: true,
      allValue: '*',
      datasource: DATASOURCE_REF,
    });
  });

  it('marks the annotations on the page', () => {
    const layers = (scene.state.$data as SceneDataLayerSet).state.layers;
    expect(layers.map((l) => l.state.name)).toEqual(['Failed workflow runs']);
  });

  it('places every panel on the grid with its queries and refIds', () => {
    const items = sceneGraph.findAllObjects(scene, (o) => o instanceof SceneGridItem) as SceneGridItem[];
    expect(items.map((i) => [i.state.x, i.state.y, i.state.width, i.state.height])).toEqual([
      [0, 0, 12, 5],
      [12, 0, 12, 5],
      [0, 5, 24, 8],
    ]);
    const panels = vizPanels(scene);
    expect(panels.map((p) => [p.state.pluginId, p.state.title])).toEqual([
      ['stat', 'Executions'],
      ['piechart', 'By status'],
      ['stat', 'Summary'],
    ]);
    expect(queriesOf(panels[2]).map((q) => [q.refId, q.page])).toEqual([
      ['A', 'agents'],
      ['B', 'tools'],
    ]);
  });

  it('keeps only the label and value columns for a pie', () => {
    const transformer = vizPanels(scene)[1].state.$data as SceneDataTransformer;
    expect(transformer.state.transformations).toEqual([
      { id: 'filterFieldsByName', options: { include: { names: ['status', 'count'] } } },
    ]);
  });

  it('gives a panel with a relative time override its own range, the last 30 days', () => {
    const withOverride = buildScene({
      ...spec,
      rows: [
        {
          height: 8,
          panels: [timeSeries('Daily', [pageStat('agents', 'dailyUsage')], { width: 24, timeFrom: '30d' })],
        },
      ],
    });
    const [panel] = vizPanels(withOverride);
    expect(panel.state.$timeRange).toBeInstanceOf(PanelTimeRange);
    expect(panel.state.$timeRange!.state).toMatchObject({ from: 'now-30d', to: 'now' });
    const { from, to } = sceneGraph.getTimeRange(runnerOf(panel)).state.value;
    // "now" is read once for each end, a millisecond or so apart.
    expect(Math.abs(to.valueOf() - from.valueOf() - 30 * 24 * 3600 * 1000)).toBeLessThan(1000);
    expect(vizPanels(scene).every((p) => p.state.$timeRange === undefined)).toBe(true);
  });
});
