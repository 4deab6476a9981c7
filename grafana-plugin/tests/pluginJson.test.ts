/**
 * Checks the built plugin (dist/) as Grafana will load it: both plugin.json files against
 * Grafana's plugin.json schema (tests/plugin.schema.json, from grafana/grafana
 * docs/sources/developers/plugins/plugin.schema.json), every placeholder replaced, and the files
 * they point at present. Builds dist/ first when it is missing or older than src/.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';
import semver from 'semver';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const storedSchema = JSON.parse(readFileSync(path.join(__dirname, 'plugin.schema.json'), 'utf8'));
// The scaffold's build writes `buildMode` ("production" or "development"), which Grafana reads;
// the stored copy of the schema predates that property, and RBAC's: plugin `roles`, a page's
// `action` and a route's `reqAction`, added here as plugin-tools' plugin.json reference describes them.
const permission = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: { action: { type: 'string' }, scope: { type: 'string' } },
};
const schema = {
  ...storedSchema,
  properties: {
    ...storedSchema.properties,
    buildMode: { type: 'string', enum: ['production', 'development'] },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role'],
        additionalProperties: false,
        properties: {
          role: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name: { type: 'string' },
              description: { type: 'string' },
              permissions: { type: 'array', items: permission },
            },
          },
          grants: { type: 'array', items: { type: 'string', enum: ['Viewer', 'Editor', 'Admin', 'Grafana Admin'] } },
        },
      },
    },
    includes: {
      ...storedSchema.properties.includes,
      items: {
        ...storedSchema.properties.includes.items,
        properties: { ...storedSchema.properties.includes.items.properties, action: { type: 'string' } },
      },
    },
    routes: {
      ...storedSchema.properties.routes,
      items: {
        ...storedSchema.properties.routes.items,
        properties: { ...storedSchema.properties.routes.items.properties, reqAction: { type: 'string' } },
      },
    },
  },
};
const packageVersion: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs;
    })
  );
}

function builtPluginJson(): void {
  const built = path.join(dist, 'plugin.json');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource(path.join(root, 'src'))) {
    execFileSync('npx', ['webpack', '-c', './webpack.config.ts', '--env', 'production'], { cwd: root, stdio: 'pipe' });
  }
}

const read = (file: string) => readFileSync(path.join(dist, file), 'utf8');

describe('built plugin.json files', () => {
  beforeAll(builtPluginJson, 240_000);

  // The schema's patterns escape '-', which unicode regular expressions reject.
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(validate);
  const check = validate.compile(schema);

  describe.each([
    ['app', 'plugin.json', 'agentmon-app'],
    ['data source', 'datasource/plugin.json', 'agentmon-datasource'],
  ])('the %s (%s)', (_, file, id) => {
    const text = () => read(file);
    const json = () => JSON.parse(text());

    it("follows Grafana's plugin.json schema", () => {
      const valid = check(json());
      expect(check.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    it('has every placeholder replaced', () => {
      expect(text()).not.toMatch(/%[A-Z_]+%/);
    });

    it(`is ${id}, at the package version, built today or earlier`, () => {
      const { id: actual, info } = json();
      expect(actual).toBe(id);
      expect(info.version).toBe(packageVersion);
      expect(info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Date.parse(info.updated)).toBeLessThanOrEqual(Date.now());
    });

    it('needs Grafana 12.3 or later, and names description, author and keywords', () => {
      const { dependencies, info } = json();
      expect(semver.validRange(dependencies.grafanaDependency)).not.toBeNull();
      expect(semver.satisfies('12.3.0', dependencies.grafanaDependency)).toBe(true);
      expect(semver.satisfies('13.1.0', dependencies.grafanaDependency)).toBe(true);
      expect(semver.satisfies('12.2.0', dependencies.grafanaDependency)).toBe(false);
      expect(info.description).toBeTruthy();
      expect(info.author.name).toBeTruthy();
      expect(info.keywords.length).toBeGreaterThan(0);
    });

    it('ships its module and logos', () => {
      const dir = path.dirname(file);
      expect(existsSync(path.join(dist, dir, 'module.js'))).toBe(true);
      const { logos } = json().info;
      for (const logo of [logos.small, logos.large]) {
        expect(logo).toMatch(/\.svg$/);
        expect(read(path.join(dir, logo))).toContain('<svg');
      }
    });
  });

  describe('the app includes', () => {
    const includes = () => JSON.parse(read('plugin.json')).includes as Array<Record<string, string | boolean>>;

    it('one page per nav entry under /a/agentmon-app/, one of them the default', () => {
      const pages = includes().filter((i) => i.type === 'page');
      expect(pages.map((p) => p.name)).toEqual(['Overview', 'Users', 'Tools', 'Agents', 'DAGs', 'Planner', 'Admin']);
      pages.forEach((p) => expect(p.path).toMatch(/^\/a\/agentmon-app\/[a-z]+$/));
      expect(pages.filter((p) => p.defaultNav)).toHaveLength(1);
    });

    it("pages each need an action that the app's roles grant: people and cost pages their own, Admin only to Admins", () => {
      const app = JSON.parse(read('plugin.json'));
      const granted = new Map<string, string[]>();
      for (const { role, grants } of app.roles) {
        expect(role.permissions).toContainEqual({ action: 'plugins.app:access', scope: 'plugins:id:agentmon-app' });
        for (const { action } of role.permissions) {
          expect(action === 'plugins.app:access' || /^agentmon-app[.:]/.test(action)).toBe(true);
          granted.set(action, [...(granted.get(action) ?? []), ...grants]);
        }
      }
      const pages = includes().filter((i) => i.type === 'page');
      expect(Object.fromEntries(pages.map((p) => [p.name, p.action]))).toEqual({
        Overview: 'agentmon-app:read',
        Users: 'agentmon-app.people:read',
        Tools: 'agentmon-app:read',
        Agents: 'agentmon-app.cost:read',
        DAGs: 'agentmon-app:read',
        Planner: 'agentmon-app.people:read',
        Admin: 'agentmon-app:write',
      });
      for (const page of pages) {
        expect(granted.get(page.action as string)).toBeDefined();
      }
      expect(new Set(granted.get('agentmon-app:write'))).toEqual(new Set(['Admin']));
    });

    it('the nested data source, whose plugin.json is built next to it', () => {
      const [ds] = includes().filter((i) => i.type === 'datasource');
      expect(ds.path).toBe('datasource/plugin.json');
      expect(JSON.parse(read(ds.path as string)).id).toBe('agentmon-datasource');
    });

    it('the dashboards, each a JSON dashboard in dist with a uid', () => {
      const dashboards = includes().filter((i) => i.type === 'dashboard');
      expect(dashboards).toHaveLength(6);
      for (const d of dashboards) {
        const dashboard = JSON.parse(read(d.path as string));
        expect(dashboard.uid).toMatch(/^agentmon-/);
        expect(dashboard.title).toBe(d.name);
      }
    });
  });

  describe('the data source proxy routes', () => {
    it('let through only POST /graphql (with the token) and GET /health (without), for those who may query the data source', () => {
      const { routes } = JSON.parse(read('datasource/plugin.json'));
      expect(routes).toEqual([
        {
          path: 'agentmon/graphql',
          method: 'POST',
          url: '{{ .JsonData.apiUrl }}/graphql',
          reqRole: 'Viewer',
          reqAction: 'datasources:query',
          headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiToken }}' }],
        },
        {
          path: 'agentmon/health',
          method: 'GET',
          url: '{{ .JsonData.apiUrl }}/health',
          reqRole: 'Viewer',
          reqAction: 'datasources:query',
        },
      ]);
    });

    it('declares metrics and annotations but no alerting (that needs a backend)', () => {
      const ds = JSON.parse(read('datasource/plugin.json'));
      expect(ds).toMatchObject({ type: 'datasource', metrics: true, annotations: true });
      expect(ds.alerting).toBeUndefined();
      expect(ds.backend).toBeUndefined();
    });
  });
});
