/** The setter Grafana uses for its page chrome; @grafana/runtime ships it but does not export it. */
declare module '@grafana/runtime/dist/esm/components/PluginPage.mjs' {
  import type { PluginPageProps } from '@grafana/runtime';
  import type { ComponentType } from 'react';

  export function setPluginPage(component: ComponentType<PluginPageProps>): void;
}
