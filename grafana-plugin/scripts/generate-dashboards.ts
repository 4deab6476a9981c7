// Writes src/dashboards/*.json from the pages' specs, so the provisioned dashboards show the
// same panels as the app, and gives the charts of the hand-written provisioned dashboards
// (../provisioning/dashboards/agentmon) the status palette, by the API's status names and its
// metrics' status labels, and their other series shades of purple. Run `npm run dashboards` after
// changing a page or the palette; unit tests fail while a dashboard file differs from its spec or
// the palette.
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { DASHBOARD_SPECS } from '../src/pages/dashboardSpecs';
import { dashboardFile, toDashboard } from '../src/scenes/dashboard';
import { CHART_TYPES, colorOverrides } from '../src/scenes/panels';
import { METRIC_LABEL_COLORS, SERIES_COLOR, STATUS_COLORS } from '../src/statusColors';

for (const spec of DASHBOARD_SPECS) {
  const file = path.join(__dirname, '../src/dashboards', dashboardFile(spec));
  writeFileSync(file, `${JSON.stringify(toDashboard(spec), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

type Panel = {
  type?: string;
  datasource?: { type?: string };
  panels?: Panel[];
  fieldConfig?: { defaults?: object; overrides?: any[] };
};
const isPalette = (override: any) =>
  override.matcher?.id === 'byName' &&
  (override.matcher.options in STATUS_COLORS || override.matcher.options in METRIC_LABEL_COLORS);
const withPalette = (panel: Panel): Panel => ({
  ...panel,
  ...(panel.panels ? { panels: panel.panels.map(withPalette) } : {}),
  ...(CHART_TYPES.includes(panel.type ?? '')
    ? {
        fieldConfig: {
          // Series that are not statuses in shades of purple, not the classic palette.
          defaults: { ...panel.fieldConfig?.defaults, color: SERIES_COLOR },
          overrides: [
            ...(panel.fieldConfig?.overrides ?? []).filter((o) => !isPalette(o)),
            // A Prometheus panel names its series by the metrics' lower-case status labels.
            ...colorOverrides(panel.datasource?.type === 'prometheus' ? METRIC_LABEL_COLORS : STATUS_COLORS),
          ],
        },
      }
    : {}),
});

const provisioned = path.join(__dirname, '../../provisioning/dashboards/agentmon');
for (const name of readdirSync(provisioned).filter((f) => f.endsWith('.json'))) {
  const file = path.join(provisioned, name);
  const dashboard = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, `${JSON.stringify({ ...dashboard, panels: dashboard.panels.map(withPalette) }, null, 2)}\n`);
  // As the repository formats it.
  execFileSync('npx', ['prettier', '--write', file]);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
