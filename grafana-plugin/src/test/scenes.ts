import { getOperationAST, getVariableValues, parse, validate } from 'graphql';
import {
  type SceneAppPage,
  sceneGraph,
  SceneDataTransformer,
  type SceneObject,
  SceneQueryRunner,
  VizPanel,
} from '@grafana/scenes';
import type { GraphQLRequest } from '../datasource/api';
import type { AgentmonQuery } from '../datasource/types';
import { createDataSource, queryRequest } from './fixtures';
import { apiSchema } from './schemaTransport';
import { fakeTemplateSrv } from './templateSrv';

export function vizPanels(scene: SceneObject): VizPanel[] {
  return sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
}

export function runnerOf(panel: VizPanel): SceneQueryRunner {
  const data = panel.state.$data;
  const runner = data instanceof SceneDataTransformer ? data.state.$data : data;
  if (!(runner instanceof SceneQueryRunner)) {
    throw new Error(`panel ${panel.state.title} has no query runner`);
  }
  return runner;
}

export const queriesOf = (panel: VizPanel) => runnerOf(panel).state.queries as AgentmonQuery[];

/** Why the API would reject a request: schema validation or variable coercion errors. */
export function requestErrors({ query, variables }: GraphQLRequest): string[] {
  const document = parse(query);
  const invalid = validate(apiSchema, document).map((e) => e.message);
  if (invalid.length) {
    return invalid;
  }
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(apiSchema, operation.variableDefinitions ?? [], variables);
  return (coerced.errors ?? []).map((e) => e.message);
}

/**
 * Runs queries through the real data source with the page's variables set, recording the
 * GraphQL requests they make instead of sending them.
 */
export async function requestsFor(queries: AgentmonQuery[], variables: Record<string, string | string[]> = {}) {
  const requests: GraphQLRequest[] = [];
  const ds = createDataSource(async (request) => {
    requests.push(request);
    return { data: null, errors: [{ message: 'recorded only' }] };
  }, fakeTemplateSrv(variables));
  const response = await ds.query(queryRequest(queries));
  const buildErrors = (response.errors ?? []).map((e) => e.message ?? '').filter((m) => !m.includes('recorded only'));
  return { requests, buildErrors };
}

/** The scene a page shows at `url`, as its route would build it. */
export function sceneOf(page: SceneAppPage, url = page.state.url) {
  return page.getScene({ params: {}, isExact: true, path: url, url });
}

/** The page a drill-down of `parent` opens at `url` with these route parameters. */
export function drilldownPage(parent: SceneAppPage, params: Record<string, string>, index = 0): SceneAppPage {
  const drilldown = parent.state.drilldowns![index];
  const url = `${parent.state.url}/${Object.entries(params)
    .map(([k, v]) => `${k}/${v}`)
    .join('/')}`;
  return drilldown.getPage({ params, isExact: true, path: url, url }, parent) as SceneAppPage;
}

/** Panel titles with the data each one asks for, for compact assertions. */
export function panelSummary(scene: SceneObject) {
  return vizPanels(scene).map((panel) => ({
    title: panel.state.title,
    type: panel.state.pluginId,
    queries: queriesOf(panel),
    /** Data link URLs of the panel's columns (drill-downs). */
    links: panel.state.fieldConfig.overrides.flatMap((o) =>
      o.properties.filter((p) => p.id === 'links').flatMap((p) => (p.value as Array<{ url: string }>).map((l) => l.url))
    ),
  }));
}
