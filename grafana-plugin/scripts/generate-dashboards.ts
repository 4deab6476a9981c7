// Writes src/dashboards/*.json from the pages' specs, so the provisioned dashboards show the
// same panels as the app. Run `npm run dashboards` after changing a page; a unit test fails
// while a dashboard file differs from its spec.
import { writeFileSync } from 'fs';
import path from 'path';
import { DASHBOARD_SPECS } from '../src/pages/dashboardSpecs';
import { dashboardFile, toDashboard } from '../src/scenes/dashboard';

for (const spec of DASHBOARD_SPECS) {
  const file = path.join(__dirname, '../src/dashboards', dashboardFile(spec));
  writeFileSync(file, `${JSON.stringify(toDashboard(spec), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
