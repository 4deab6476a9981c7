import { readFileSync } from 'fs';
import path from 'path';
import { DASHBOARD_SPECS } from '../pages/dashboardSpecs';
import { placePanels } from './spec';
import { dashboardFile, toDashboard } from './dashboard';

const committed = (file: string) => JSON.parse(readFileSync(path.join(__dirname, '../dashboards', file), 'utf8'));

describe('provisioned dashboards', () => {
  it.each(DASHBOARD_SPECS.map((spec) => [dashboardFile(spec), spec] as const))(
    'src/dashboards/%s is generated from its page spec (run `npm run dashboards` after changing a page)',
    (file, spec) => {
      expect(committed(file)).toEqual(toDashboard(spec));
    }
  );

  it('are all listed in the app plugin.json', () => {
    const includes = require('../plugin.json').includes.filter((i: { type: string }) => i.type === 'dashboard');
    expect(includes.map((i: { path: string; name: string }) => [i.path, i.name])).toEqual(
      DASHBOARD_SPECS.map((spec) => [`dashboards/${dashboardFile(spec)}`, `Agentmon ${spec.title}`])
    );
  });

  it('carry the same panels, queries and variables as the app pages', () => {
    for (const spec of DASHBOARD_SPECS) {
      const dashboard = toDashboard(spec);
      const placed = placePanels(spec.rows);
      expect(dashboard.panels.map((p) => [p.title, p.type, p.gridPos])).toEqual(
        placed.map((p) => [p.spec.title, p.spec.type, { x: p.x, y: p.y, w: p.w, h: p.h }])
      );
      expect(dashboard.panels.flatMap((p) => p.targets.map((t) => t.datasource))).toEqual(
        dashboard.panels.flatMap((p) => p.targets.map(() => ({ type: 'agentmon-datasource', uid: '${datasource}' })))
      );
      expect(dashboard.templating.list.map((v) => v.name)).toEqual([
        'datasource',
        ...spec.variables.map((v) => v.name),
      ]);
      expect(dashboard).toMatchObject({ time: { from: 'now-1h', to: 'now' }, refresh: '30s' });
    }
  });

  it("keep a panel's relative time override (the agents' daily usage covers 30 days)", () => {
    const agents = DASHBOARD_SPECS.find((s) => s.uid === 'agentmon-agents')!;
    const daily = toDashboard(agents).panels.find((p) => p.title === 'Daily tokens and cost (30 days)');
    expect(daily).toMatchObject({ timeFrom: '30d' });
  });
});
