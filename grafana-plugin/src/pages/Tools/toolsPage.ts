import { prefixRoute, ROUTES } from '../../constants';
import { appPage, drilldownTo } from '../../scenes/appPage';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { toolDetailSpec, toolsSpec } from './toolsPanels';

export const toolsPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Tools),
    routePath: `${ROUTES.Tools}/*`,
    spec: toolsSpec,
    above: () => [new NoEventsYet()],
    drilldowns: [drilldownTo('tool', (tool) => ({ spec: toolDetailSpec(tool) }))],
  });
