import {
  dataLayers,
  DataSourceVariable,
  EmbeddedScene,
  QueryVariable,
  SceneControlsSpacer,
  SceneDataLayerControls,
  SceneDataLayerSet,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneGridItem,
  SceneGridLayout,
  type SceneObject,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  VizPanel,
} from '@grafana/scenes';
import { DATASOURCE_TYPE } from '../constants';
import { PanelTimeRange } from './panelTimeRange';
import { ALL_VALUE } from '../datasource/types';
import {
  annotationTarget,
  type AnnotationSpec,
  DATASOURCE_REF,
  DATASOURCE_VARIABLE,
  DEFAULT_REFRESH,
  DEFAULT_TIME_RANGE,
  type PageSpec,
  type PanelSpec,
  placePanels,
  REFRESH_INTERVALS,
  type VariableSpec,
  variableRefresh,
  withRefIds,
} from './spec';

function buildPanel(spec: PanelSpec): VizPanel {
  const runner = new SceneQueryRunner({ datasource: DATASOURCE_REF, queries: withRefIds(spec.queries) });
  return new VizPanel({
    pluginId: spec.type,
    title: spec.title,
    description: spec.description,
    options: spec.options ?? {},
    fieldConfig: { defaults: spec.fieldConfig?.defaults ?? {}, overrides: spec.fieldConfig?.overrides ?? [] },
    $data: spec.transformations
      ? new SceneDataTransformer({ $data: runner, transformations: spec.transformations })
      : runner,
    ...(spec.timeFrom ? { $timeRange: new PanelTimeRange({ timeFrom: spec.timeFrom }) } : {}),
  });
}

function buildVariables(variables: VariableSpec[]): SceneVariableSet {
  return new SceneVariableSet({
    variables: [
      new DataSourceVariable({ name: DATASOURCE_VARIABLE, label: 'Data source', pluginId: DATASOURCE_TYPE }),
      ...variables.map(
        (v) =>
          new QueryVariable({
            name: v.name,
            label: v.label,
            datasource: DATASOURCE_REF,
            query: { refId: 'variable', kind: v.kind },
            isMulti: true,
            includeAll: true,
            defaultToAll: true,
            // The data source drops a filter set to this value: "All" means no filter at all.
            allValue: ALL_VALUE,
            refresh: variableRefresh(v.kind),
          })
      ),
    ],
  });
}

function buildAnnotations(annotations: AnnotationSpec[]): SceneDataLayerSet {
  return new SceneDataLayerSet({
    layers: annotations.map(
      (a) =>
        new dataLayers.AnnotationsDataLayer({
          name: a.name,
          isEnabled: true,
          query: {
            name: a.name,
            enable: true,
            iconColor: a.color,
            datasource: DATASOURCE_REF,
            target: annotationTarget(a),
          },
        })
    ),
  });
}

/**
 * A page's scene: its variables, annotations, time and refresh pickers, the panels on the
 * dashboard grid, and any objects above them (a getting-started banner, a task graph).
 */
export function buildScene(page: PageSpec, above: SceneObject[] = []): EmbeddedScene {
  const grid = new SceneGridLayout({
    isDraggable: false,
    isResizable: false,
    children: placePanels(page.rows).map(
      ({ spec, x, y, w, h }) =>
        new SceneGridItem({ x, y, width: w, height: h, isDraggable: false, isResizable: false, body: buildPanel(spec) })
    ),
  });
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(DEFAULT_TIME_RANGE),
    $variables: buildVariables(page.variables),
    $data: buildAnnotations(page.annotations),
    controls: [
      new VariableValueSelectors({}),
      new SceneDataLayerControls(),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ refresh: DEFAULT_REFRESH, intervals: REFRESH_INTERVALS, isOnCanvas: true }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        ...above.map((body) => new SceneFlexItem({ ySizing: 'content', body })),
        new SceneFlexItem({ ySizing: 'content', body: grid }),
      ],
    }),
  });
}
