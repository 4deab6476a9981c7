import { prefixRoute, ROUTES } from '../../constants';
import { appPage, drilldownTo } from '../../scenes/appPage';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { agentDetailSpec, agentsSpec } from './agentsPanels';

export const agentsPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Agents),
    routePath: `${ROUTES.Agents}/*`,
    spec: agentsSpec,
    above: () => [new NoEventsYet()],
    drilldowns: [drilldownTo('agent', (agent) => ({ spec: agentDetailSpec(agent) }))],
  });
