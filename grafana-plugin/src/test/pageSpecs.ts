import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  FieldConfigOptionsRegistry,
  type FieldDisplay,
  getFieldDisplayValues,
  type ScopedVars,
} from '@grafana/data';
import { EmbeddedScene, SceneCanvasText, sceneGraph } from '@grafana/scenes';
import { agentDetailSpec } from '../pages/Agents/agentsPanels';
import { runDetailSpec, workflowDetailSpec } from '../pages/Dags/dagsPanels';
import { DASHBOARD_SPECS } from '../pages/dashboardSpecs';
import { toolDetailSpec } from '../pages/Tools/toolsPanels';
import { userDetailSpec } from '../pages/Users/usersPanels';
import type { PageSpec, PanelSpec } from '../scenes/spec';

/** Every page spec: the dashboards' and one of each detail page. */
export const ALL_PAGE_SPECS: PageSpec[] = [
  ...DASHBOARD_SPECS,
  agentDetailSpec('researcher'),
  toolDetailSpec('web_search'),
  userDetailSpec('u-42'),
  workflowDetailSpec('nightly-report'),
  runDetailSpec('run-1'),
];

/** Grafana's standard options as far as panel tests need them: the display name. */
export const displayNameOnly = new FieldConfigOptionsRegistry(() => [
  {
    id: 'displayName',
    path: 'displayName',
    name: 'Display name',
    process: (value) => value,
    shouldApply: () => true,
    override: () => null,
    editor: () => null,
  },
]);

/** The bars or slices Grafana draws for a per-row panel over `frame`, once it applies the panel's overrides. */
export function perRowDisplayValues(spec: PanelSpec, frame: DataFrame, theme = createTheme()): FieldDisplay[] {
  const scene = new EmbeddedScene({ body: new SceneCanvasText({ text: '' }) });
  const replaceVariables = (value: string, scopedVars?: ScopedVars) => sceneGraph.interpolate(scene, value, scopedVars);
  const fieldConfig = { defaults: {}, overrides: spec.fieldConfig!.overrides! };
  const [data] = applyFieldOverrides({
    data: [frame],
    fieldConfig,
    replaceVariables,
    theme,
    fieldConfigRegistry: displayNameOnly,
  });
  return getFieldDisplayValues({
    data: [data],
    fieldConfig,
    reduceOptions: spec.options!.reduceOptions as never,
    replaceVariables,
    theme,
  });
}
