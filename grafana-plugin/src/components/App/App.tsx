import React from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import { PLUGIN_BASE_URL, prefixRoute, ROUTES } from '../../constants';
import { adminPage } from '../../pages/Admin/adminPage';
import { agentsPage } from '../../pages/Agents/agentsPage';
import { dagsPage } from '../../pages/Dags/dagsPage';
import { fleetPage } from '../../pages/Fleet/fleetPage';
import { overviewPage } from '../../pages/Overview/overviewPage';
import { plannerPage } from '../../pages/Planner/plannerPage';
import { toolsPage } from '../../pages/Tools/toolsPage';
import { usersPage } from '../../pages/Users/usersPage';

export function getSceneApp() {
  return new SceneApp({
    pages: [
      overviewPage(),
      usersPage(),
      toolsPage(),
      agentsPage(),
      dagsPage(),
      plannerPage(),
      fleetPage(),
      adminPage(),
    ],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

function App(_props: AppRootProps) {
  const scene = useSceneApp(getSceneApp);
  const { pathname } = useLocation();
  // The app's own URL has no page: open the Overview.
  if (pathname.replace(/\/$/, '') === PLUGIN_BASE_URL) {
    return <Navigate to={prefixRoute(ROUTES.Overview)} replace />;
  }
  return <scene.Component model={scene} />;
}

export default App;
