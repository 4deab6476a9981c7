import { FieldConfigOptionsRegistry } from '@grafana/data';
import { agentDetailSpec } from '../pages/Agents/agentsPanels';
import { runDetailSpec, workflowDetailSpec } from '../pages/Dags/dagsPanels';
import { DASHBOARD_SPECS } from '../pages/dashboardSpecs';
import { toolDetailSpec } from '../pages/Tools/toolsPanels';
import { userDetailSpec } from '../pages/Users/usersPanels';
import type { PageSpec } from '../scenes/spec';

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
