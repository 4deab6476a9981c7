import { css } from '@emotion/css';
import type { GrafanaTheme2, NavModelItem } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

/** The page's parents, outermost first, as Grafana's breadcrumbs show them. */
function parents(item?: NavModelItem): NavModelItem[] {
  return item?.parentItem ? [...parents(item.parentItem), item.parentItem] : [];
}

/**
 * Stand-in for Grafana's page chrome around an app page: breadcrumbs, title, subtitle, actions
 * and tabs from the page's nav model. Grafana's own (mega menu, search, profile) is not here.
 */
export function PluginPage({ pageNav, subTitle, actions, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      <nav className={styles.breadcrumbs} aria-label="Breadcrumbs">
        {parents(pageNav).map((item) => (
          <span key={item.text}>
            <a href={item.url}>{item.text}</a> ›{' '}
          </span>
        ))}
        <span>{pageNav?.text}</span>
      </nav>
      <header className={styles.header}>
        <div>
          <h1>{pageNav?.text}</h1>
          {(subTitle ?? pageNav?.subTitle) && <div className={styles.subTitle}>{subTitle ?? pageNav?.subTitle}</div>}
        </div>
        <div>{actions}</div>
      </header>
      {pageNav?.children?.length ? (
        <div className={styles.tabs} role="tablist">
          {pageNav.children.map((tab) => (
            <a key={tab.url} href={tab.url} role="tab" aria-selected={Boolean(tab.active)}>
              {tab.text}
            </a>
          ))}
        </div>
      ) : null}
      {children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), flexGrow: 1, minWidth: 0 }),
  breadcrumbs: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(1),
  }),
  header: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    marginBottom: theme.spacing(2),
    h1: { marginBottom: theme.spacing(0.5) },
  }),
  subTitle: css({ color: theme.colors.text.secondary }),
  tabs: css({ display: 'flex', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
});
