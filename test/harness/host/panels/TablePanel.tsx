import { getFieldDisplayName, type PanelProps } from '@grafana/data';
import type { TableCellHeight } from '@grafana/schema';
import { TableNG } from '@grafana/ui/unstable';
import React from 'react';
import { NoData } from './NoData';

export interface TableOptions {
  showHeader?: boolean;
  cellHeight?: TableCellHeight;
}

/** Stand-in for Grafana's table panel: @grafana/ui's TableNG (the grid Grafana 12+ draws) on the first frame. */
export function TablePanel({ data, options, fieldConfig, timeRange, width, height }: PanelProps<TableOptions>) {
  const frame = data.series[0];
  if (!frame || frame.length === 0) {
    return <NoData />;
  }
  // Grafana's table panel names columns by display name; TableNG reads it from field state.
  for (const field of frame.fields) {
    getFieldDisplayName(field, frame, data.series);
  }
  return (
    <TableNG
      data={frame}
      width={width}
      height={height}
      noHeader={options.showHeader === false}
      cellHeight={options.cellHeight}
      fieldConfig={fieldConfig}
      timeRange={timeRange}
      enableVirtualization
    />
  );
}
