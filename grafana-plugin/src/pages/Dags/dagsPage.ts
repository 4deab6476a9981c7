import { prefixRoute, ROUTES } from '../../constants';
import { appPage, drilldownTo } from '../../scenes/appPage';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { dagsSpec, runDetailSpec, workflowDetailSpec } from './dagsPanels';
import { RunTaskGraph } from './RunTaskGraph';

/** DAGs → one workflow with its runs → one run with its task graph. */
export const dagsPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Dags),
    routePath: `${ROUTES.Dags}/*`,
    spec: dagsSpec,
    above: () => [new NoEventsYet()],
    drilldowns: [
      drilldownTo('workflow', (workflow) => ({
        spec: workflowDetailSpec(workflow),
        drilldowns: [
          drilldownTo('run', (runId) => ({ spec: runDetailSpec(runId), above: () => [new RunTaskGraph({ runId })] })),
        ],
      })),
    ],
  });
