import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import i18next from 'i18next';
import lodash from 'lodash';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactRouter from 'react-router';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';

/**
 * The packages Grafana shares with plugins (the scaffold's .config/bundler/externals.ts), taken
 * from the same installed versions the plugin was built against.
 */
const SHARED: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  react,
  'react-dom': reactDom,
  'react-router': reactRouter,
  'react/jsx-runtime': jsxRuntime,
  rxjs,
};

/** Packages whose AMD importers expect the default export itself, as Grafana registers them. */
const DEFAULT_ONLY: Record<string, unknown> = { i18next, lodash };

/**
 * A module namespace SystemJS keeps as it is: live getters, so a binding set after registration
 * (PluginPage) is what the plugin sees. Without the Module tag SystemJS copies the values.
 */
function asModule(values: object): object {
  const module = Object.create(null);
  for (const key of Object.keys(values)) {
    Object.defineProperty(module, key, { enumerable: true, get: () => (values as Record<string, unknown>)[key] });
  }
  Object.defineProperty(module, Symbol.toStringTag, { value: 'Module' });
  return module;
}

interface SystemJS {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(url: string): Promise<Record<string, unknown>>;
}

export const System = (window as unknown as { System: SystemJS }).System;

/** Registers the shared packages so `define([...])` in the plugin's module.js resolves to them. */
export function registerSharedPackages(): void {
  const imports: Record<string, string> = {};
  const register = (name: string, module: object) => {
    const id = `package:${name}`;
    System.set(id, module);
    imports[name] = id;
  };
  for (const [name, namespace] of Object.entries(SHARED)) {
    register(name, asModule(namespace));
  }
  for (const [name, value] of Object.entries(DEFAULT_ONLY)) {
    register(name, asModule({ default: value, __useDefault: true }));
  }
  System.addImportMap({ imports });
}
