import { prefixRoute, ROUTES } from '../../constants';
import { appPage } from '../../scenes/appPage';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { overviewSpec } from './overviewPanels';

export const overviewPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Overview),
    routePath: `${ROUTES.Overview}/*`,
    spec: overviewSpec,
    above: () => [new NoEventsYet()],
  });
