import {
  type AppPlugin,
  type AppPluginMeta,
  createTheme,
  type DataSourceInstanceSettings,
  type DataSourcePlugin,
  EventBusSrv,
  ThemeContext,
} from '@grafana/data';
import {
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
  setTemplateSrv,
} from '@grafana/runtime';
// Grafana sets its page chrome through this internal setter, which the package does not export.
import { setPluginPage } from '@grafana/runtime/dist/esm/components/PluginPage.mjs';
import { GlobalStyles } from '@grafana/ui';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell, interceptLinkClicks } from './AppShell';
import { registerSharedPackages, System } from './externals';
import { panelImportUtils } from './panels';
import { PluginPage } from './PluginPage';
import { registerStandardFieldOptions, registerStandardTransformers } from './registries';
import { createBackendSrv } from './services/backendSrv';
import { createDataSourceSrv } from './services/dataSourceSrv';
import { runRequest } from './services/runRequest';
import { createTemplateSrv } from './services/templateSrv';

/** What the harness server boots the page with, as Grafana's bootData and plugin settings do. */
interface Boot {
  app: AppPluginMeta;
  dataSources: DataSourceInstanceSettings[];
}

/** A plugin's module.js through SystemJS, as Grafana's plugin loader imports it. */
async function importPlugin<T>(module: string): Promise<T> {
  const exports = await System.import(`/${module}`);
  // A module with top-level await (the app's i18n) is an AMD module whose value is a promise.
  const resolved = (await (exports.default ?? exports)) as { plugin: T };
  return resolved.plugin;
}

async function main() {
  const boot: Boot = await (await fetch('/harness/boot.json')).json();
  registerSharedPackages();
  setAppEvents(new EventBusSrv());
  setBackendSrv(createBackendSrv());
  setTemplateSrv(createTemplateSrv());
  setRunRequest(runRequest);
  setPluginImportUtils(panelImportUtils);
  setPluginPage(PluginPage);
  registerStandardFieldOptions();
  registerStandardTransformers();
  setDataSourceSrv(createDataSourceSrv(boot.dataSources, (module) => importPlugin<DataSourcePlugin<any>>(module)));
  interceptLinkClicks();

  const app = await importPlugin<AppPlugin>(boot.app.module);
  app.init(boot.app);
  app.meta = boot.app;

  const theme = createTheme({ colors: { mode: 'dark' } });
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <AppShell plugin={app} />
    </ThemeContext.Provider>
  );
}

main().catch((error: Error) => {
  document.getElementById('root')!.textContent = `The harness failed to start: ${error.stack ?? error.message}`;
  throw error;
});
