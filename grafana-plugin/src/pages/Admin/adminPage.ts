import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout, SceneReactObject } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { ConnectionCheck } from './ConnectionCheck';

export const adminPage = () =>
  new SceneAppPage({
    title: 'Admin',
    subTitle: "The connection to the Agentmon API, checked through each data source as Grafana's server reaches it.",
    url: prefixRoute(ROUTES.Admin),
    routePath: `${ROUTES.Admin}/*`,
    getScene: () =>
      new EmbeddedScene({
        body: new SceneFlexLayout({
          direction: 'column',
          children: [
            new SceneFlexItem({ ySizing: 'content', body: new SceneReactObject({ component: ConnectionCheck }) }),
          ],
        }),
      }),
  });
