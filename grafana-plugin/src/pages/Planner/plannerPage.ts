import { prefixRoute, ROUTES } from '../../constants';
import { appPage } from '../../scenes/appPage';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { plannerSpec } from './plannerPanels';

export const plannerPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Planner),
    routePath: `${ROUTES.Planner}/*`,
    spec: plannerSpec,
    above: () => [new NoEventsYet()],
  });
