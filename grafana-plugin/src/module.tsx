import React, { lazy, Suspense } from 'react';
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { loadResources } from '@grafana/scenes';
import { LoadingPlaceholder } from '@grafana/ui';
import pluginJson from './plugin.json';

await initPluginTranslations(pluginJson.id, [loadResources]);

const LazyApp = lazy(() => import('./components/App/App'));
const LazyConnectionCheck = lazy(() =>
  import('./pages/Admin/ConnectionCheck').then((m) => ({ default: m.ConnectionCheck }))
);

const App = (props: AppRootProps) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyApp {...props} />
  </Suspense>
);

const Connection = () => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyConnectionCheck />
  </Suspense>
);

export const plugin = new AppPlugin<{}>().setRootPage(App).addConfigPage({
  title: 'Connection',
  icon: 'plug',
  body: Connection,
  id: 'connection',
});
