import { sceneGraph, SceneReactObject } from '@grafana/scenes';
import { sceneOf } from '../../test/scenes';
import { adminPage } from './adminPage';
import { ConnectionCheck } from './ConnectionCheck';

describe('Admin page', () => {
  it('lives at /a/agentmon-app/admin and shows the connection check', () => {
    const page = adminPage();
    expect(page.state).toMatchObject({ url: '/a/agentmon-app/admin', routePath: 'admin/*', title: 'Admin' });
    const [check] = sceneGraph.findAllObjects(
      sceneOf(page),
      (o) => o instanceof SceneReactObject
    ) as SceneReactObject[];
    expect(check.state.component).toBe(ConnectionCheck);
  });
});
