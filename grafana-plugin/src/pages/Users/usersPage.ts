import { prefixRoute, ROUTES } from '../../constants';
import { appPage, drilldownTo } from '../../scenes/appPage';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { userDetailSpec, usersSpec } from './usersPanels';

export const usersPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Users),
    routePath: `${ROUTES.Users}/*`,
    spec: usersSpec,
    above: () => [new NoEventsYet()],
    drilldowns: [drilldownTo('user', (user) => ({ spec: userDetailSpec(user) }))],
  });
