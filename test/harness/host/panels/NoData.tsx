import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

/** What Grafana's panels show when a query returns nothing to draw. */
export function NoData() {
  const styles = useStyles2((theme: GrafanaTheme2) => ({
    box: css({
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      height: '100%',
      color: theme.colors.text.secondary,
    }),
  }));
  return <div className={styles.box}>No data</div>;
}
