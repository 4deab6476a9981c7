import { sceneGraph } from '@grafana/scenes';
import { panelSummary, drilldownPage, sceneOf } from '../../test/scenes';
import { dagsPage } from './dagsPage';
import { RunTaskGraph } from './RunTaskGraph';

describe('DAGs page', () => {
  const page = dagsPage();
  const panels = panelSummary(sceneOf(page));

  it('shows the DAG stats filtered by $workflow, and the runs in progress', () => {
    const stats = panels.flatMap((p) => p.queries.filter((q) => q.page === 'dags').map((q) => q.stat));
    expect(new Set(stats)).toEqual(
      new Set(['runs', 'runningNow', 'waitingApprovalNow', 'summary', 'series', 'statuses', 'workflows'])
    );
    expect(panels.every((p) => p.queries.every((q) => q.filter?.workflow?.[0] === '$workflow'))).toBe(true);
    expect(panels.flatMap((p) => p.queries.map((q) => q.list)).filter(Boolean)).toEqual([
      'workflowRuns',
      'runningWorkflows',
    ]);
  });

  it('drills down to a workflow with its runs, then to a run with its task graph', () => {
    expect(panels.find((p) => p.title === 'Workflows')?.links[0]).toMatch(
      /^\/a\/agentmon-app\/dags\/workflow\/\$\{__data.fields\["key"\]/
    );
    expect(panels.find((p) => p.title === 'Runs in progress now')?.links[0]).toContain(
      '/dags/workflow/${__data.fields["workflow.key"]:percentencode}/run/${__data.fields["runId"]:percentencode}'
    );
    const workflow = drilldownPage(page, { workflow: 'nightly-report' });
    expect(workflow.state.url).toBe('/a/agentmon-app/dags/workflow/nightly-report');
    const runs = panelSummary(sceneOf(workflow)).find((p) => p.title === 'Runs');
    expect(runs?.queries[0]).toMatchObject({ list: 'workflowRuns', filter: { workflow: ['nightly-report'] } });

    const run = drilldownPage(workflow, { run: 'run-1' });
    expect(run.state.url).toBe('/a/agentmon-app/dags/workflow/nightly-report/run/run-1');
    const scene = sceneOf(run);
    const [graph] = sceneGraph.findAllObjects(scene, (o) => o instanceof RunTaskGraph) as RunTaskGraph[];
    expect(graph.state.runId).toBe('run-1');
    expect(panelSummary(scene)[0].queries[0]).toMatchObject({ list: 'taskRuns', runId: 'run-1' });
  });
});
