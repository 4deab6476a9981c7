import { SceneAppPage, type SceneAppDrilldownView, type SceneAppPageLike, type SceneObject } from '@grafana/scenes';
import { buildScene } from './buildScene';
import type { PageSpec } from './spec';

/** Query parameters kept when moving between pages (time range, refresh, data source). */
const PRESERVED_URL_KEYS = ['from', 'to', 'timezone', 'refresh', 'var-datasource'];

interface PageOptions {
  /** Absolute URL of the page, e.g. /a/agentmon-app/agents. */
  url: string;
  /** Route relative to the parent's routes (react-router v6), e.g. "agents/*". */
  routePath: string;
  spec: PageSpec;
  /** Scene objects drawn above the panels. */
  above?: () => SceneObject[];
  drilldowns?: SceneAppDrilldownView[];
  getParentPage?: () => SceneAppPageLike;
}

export function appPage({ url, routePath, spec, above, drilldowns, getParentPage }: PageOptions): SceneAppPage {
  return new SceneAppPage({
    title: spec.title,
    subTitle: spec.description,
    url,
    routePath,
    preserveUrlKeys: PRESERVED_URL_KEYS,
    getScene: () => buildScene(spec, above?.()),
    drilldowns,
    getParentPage,
  });
}

/**
 * A drill-down from a list page to one item's page: `/<parent url>/<segment>/<value>`, e.g.
 * /a/agentmon-app/agents/agent/researcher. `page` builds the item's page from its value.
 */
export function drilldownTo(
  segment: string,
  page: (value: string) => Omit<PageOptions, 'url' | 'routePath' | 'getParentPage'>
): SceneAppDrilldownView {
  // The parameter is named after the segment so nested drill-downs (workflow → run) keep both.
  const routePath = `${segment}/:${segment}/*`;
  return {
    routePath,
    getPage: (match, parent) => {
      const value = match.params[segment] ?? '';
      const url = `${parent.state.url}/${segment}/${encodeURIComponent(value)}`;
      return appPage({ ...page(value), url, routePath, getParentPage: () => parent });
    },
  };
}
