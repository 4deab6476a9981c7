import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** The nested data source's plugin id (datasource/plugin.json). */
export const DATASOURCE_TYPE = 'agentmon-datasource';

/** App routes, relative to PLUGIN_BASE_URL; plugin.json's `includes` pages use the same. */
export const ROUTES = {
  Overview: 'overview',
  Users: 'users',
  Tools: 'tools',
  Agents: 'agents',
  Dags: 'dags',
  Planner: 'planner',
  Fleet: 'fleet',
  Admin: 'admin',
} as const;

export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
