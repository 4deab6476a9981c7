import { ALL_PAGE_SPECS } from '../test/pageSpecs';
import { requestErrors, requestsFor } from '../test/scenes';
import type { AgentmonQuery } from '../datasource/types';
import { annotationTarget, type PageSpec, withRefIds } from './spec';

const PAGES: PageSpec[] = ALL_PAGE_SPECS;

const panels = PAGES.flatMap((page) =>
  page.rows.flatMap((row) => row.panels.map((panel) => [page.title, panel.title, panel] as const))
);

/** The page variables as a user would set them: one value, several, or All. */
const SELECTIONS: Array<Record<string, string | string[]>> = [
  { agent: 'researcher', tool: 'web_search', user: 'u-42', workflow: 'nightly-report' },
  { agent: ['researcher', 'writer'], tool: ['a', 'b'], user: ['u-1', 'u-2'], workflow: ['w1', 'w2'] },
  { agent: '*', tool: '*', user: '*', workflow: '*' },
];

/** The API accepts a filter on at most one of these dimensions (plus status)... */
const DIMENSIONS = ['agent', 'tool', 'model', 'provider', 'user', 'workflow'];

/** ...and then groups only by STATUS or that same dimension; these page figures group by one. */
const GROUPED_STATS: Record<string, string> = {
  'agents.agents': 'AGENT',
  'agents.byModel': 'MODEL',
  'agents.byProvider': 'PROVIDER',
  'tools.tools': 'TOOL',
  'dags.workflows': 'WORKFLOW',
  'planner.topUsers': 'USER',
};

function groupingAllowed(query: AgentmonQuery): boolean {
  const filtered = Object.keys(query.filter ?? {}).filter((k) => DIMENSIONS.includes(k));
  const grouping = query.groupBy ?? query.by ?? GROUPED_STATS[`${query.page}.${query.stat}`];
  return !grouping || grouping === 'STATUS' || filtered.every((k) => k.toUpperCase() === grouping);
}

describe('page specs', () => {
  it.each(PAGES.map((p) => [p.title, p] as const))('%s fills the 24 grid columns on every row', (_, page) => {
    for (const row of page.rows) {
      expect(row.panels.reduce((sum, p) => sum + p.width, 0)).toBe(24);
    }
  });

  it.each(panels)('%s › %s: every query builds a request the API schema accepts', async (_, __, panel) => {
    for (const variables of SELECTIONS) {
      const { requests, buildErrors } = await requestsFor(withRefIds(panel.queries), variables);
      expect(buildErrors).toEqual([]);
      expect(requests.length).toBeGreaterThanOrEqual(panel.queries.length);
      expect(panel.queries.filter((q) => !groupingAllowed(q as AgentmonQuery))).toEqual([]);
      for (const request of requests) {
        expect(requestErrors(request)).toEqual([]);
        const filters = Object.values(request.variables).filter(
          (v): v is Record<string, unknown> => typeof v === 'object' && v !== null
        );
        for (const filter of filters) {
          expect(Object.keys(filter).filter((k) => DIMENSIONS.includes(k)).length).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('cost is shown with the count of unpriced calls it leaves out, titled with what they are', () => {
    const page = (title: string) => PAGES.find((p) => p.title === title)!;
    const overviewRow = page('Overview').rows.find((row) => row.panels.some((p) => p.title === 'Cost by agent'))!;
    const unpriced = overviewRow.panels.find((p) => p.title === 'Unpriced calls')!;
    expect(unpriced.queries).toEqual([
      expect.objectContaining({ queryType: 'pageStat', page: 'overview', stat: 'unpricedAgentExecutions' }),
    ]);
    expect(unpriced.description).toMatch(/no known price.*not \$0|rather than count them as \$0/);
    const agentSummary = page('Agents')
      .rows.flatMap((row) => row.panels)
      .find((p) => p.title === 'Agent executions in the time range')!;
    expect(agentSummary.queries[0]).toMatchObject({ fields: expect.arrayContaining(['costUsd', 'unpriced']) });
  });

  it.each(PAGES.filter((p) => p.annotations.length).map((p) => [p.title, p] as const))(
    '%s: its annotations build valid requests',
    async (_, page) => {
      const queries = page.annotations.map((a, i) => ({ ...annotationTarget(a), refId: `A${i}` }));
      const { requests, buildErrors } = await requestsFor(queries, SELECTIONS[0]);
      expect(buildErrors).toEqual([]);
      requests.forEach((r) => expect(requestErrors(r)).toEqual([]));
    }
  );
});
