import { prefixRoute, ROUTES } from '../../constants';
import { appPage, drilldownTo } from '../../scenes/appPage';
import { fleetSpec, serviceDetailSpec } from './fleetPanels';

export const fleetPage = () =>
  appPage({
    url: prefixRoute(ROUTES.Fleet),
    routePath: `${ROUTES.Fleet}/*`,
    spec: fleetSpec,
    drilldowns: [drilldownTo('service', (serviceId) => ({ spec: serviceDetailSpec(serviceId) }))],
  });
