import { css } from '@emotion/css';
import { type AppPlugin, type GrafanaTheme2, PluginContextProvider, urlUtil } from '@grafana/data';
import { LocationServiceProvider, locationService } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import React, { useLayoutEffect, useState } from 'react';
import { Navigate, Route, Router, Routes, useLocation } from 'react-router';

/** react-router v6 driven by @grafana/runtime's locationService, as Grafana's own router is. */
function LocationServiceRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);
  return (
    <LocationServiceProvider service={locationService}>
      <Router location={location} navigator={history as never}>
        {children}
      </Router>
    </LocationServiceProvider>
  );
}

/** Sends same-origin link clicks through locationService instead of reloading, as Grafana does. */
export function interceptLinkClicks(): void {
  document.addEventListener('click', (event) => {
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || (anchor.target && anchor.target !== '_self')) {
      return;
    }
    event.preventDefault();
    locationService.push(url.pathname + url.search + url.hash);
  });
}

interface AppProps {
  plugin: AppPlugin;
}

/** The app's root page, with the props Grafana's AppRootPage gives it. */
function AppRoot({ plugin }: AppProps) {
  const location = useLocation();
  const Root = plugin.root!;
  return (
    <PluginContextProvider meta={plugin.meta}>
      <Root
        meta={plugin.meta}
        basename={`/a/${plugin.meta.id}`}
        path={location.pathname}
        query={urlUtil.getUrlSearchParams() as never}
        onNavChanged={() => undefined}
      />
    </PluginContextProvider>
  );
}

/** The app's pages as Grafana's navigation lists them (plugin.json `includes` with addToNav). */
function AppNav({ plugin }: AppProps) {
  const styles = useStyles2(getStyles);
  const { pathname } = useLocation();
  const pages = (plugin.meta.includes ?? []).filter((include) => include.type === 'page' && include.addToNav);
  return (
    <nav className={styles.nav} aria-label="App pages">
      <div className={styles.brand}>{plugin.meta.name}</div>
      {pages.map((page) => {
        const path = page.path!.replace('%PLUGIN_ID%', plugin.meta.id);
        return (
          <a key={path} href={path} className={pathname.startsWith(path) ? styles.active : styles.link}>
            {page.name}
          </a>
        );
      })}
    </nav>
  );
}

export function AppShell({ plugin }: AppProps) {
  const styles = useStyles2(getStyles);
  const home = `/a/${plugin.meta.id}`;
  return (
    <LocationServiceRouter>
      <div className={styles.shell}>
        <AppNav plugin={plugin} />
        <Routes>
          <Route path="/a/:pluginId/*" element={<AppRoot plugin={plugin} />} />
          <Route path="/" element={<Navigate to={home} replace />} />
          <Route
            path="*"
            element={<div className={styles.outside}>This Grafana page is not part of the harness.</div>}
          />
        </Routes>
      </div>
    </LocationServiceRouter>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({ display: 'flex', minHeight: '100vh', background: theme.colors.background.canvas }),
  nav: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    width: 160,
    flexShrink: 0,
    padding: theme.spacing(2, 1),
    borderRight: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  brand: css({ fontWeight: theme.typography.fontWeightMedium, padding: theme.spacing(0, 1, 1) }),
  link: css({
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.secondary,
  }),
  active: css({
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    background: theme.colors.action.selected,
  }),
  outside: css({ padding: theme.spacing(3) }),
});
