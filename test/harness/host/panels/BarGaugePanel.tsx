import {
  type FieldDisplay,
  getFieldDisplayValues,
  type PanelProps,
  type ReduceDataOptions,
  VizOrientation,
} from '@grafana/data';
import { BarGauge, BarGaugeDisplayMode, useTheme2, VizRepeater } from '@grafana/ui';
import React from 'react';

export interface BarGaugeOptions {
  reduceOptions: ReduceDataOptions;
  orientation?: VizOrientation;
  displayMode?: BarGaugeDisplayMode;
  showUnfilled?: boolean;
}

/** Stand-in for Grafana's bar gauge panel: one BarGauge per value. */
export function BarGaugePanel({
  data,
  options,
  fieldConfig,
  replaceVariables,
  timeZone,
  width,
  height,
  renderCounter,
}: PanelProps<BarGaugeOptions>) {
  const theme = useTheme2();
  const orientation = options.orientation ?? VizOrientation.Horizontal;
  const getValues = () =>
    getFieldDisplayValues({
      fieldConfig,
      reduceOptions: options.reduceOptions,
      replaceVariables,
      theme,
      data: data.series,
      timeZone,
    });
  return (
    <VizRepeater<FieldDisplay>
      source={data}
      getValues={getValues}
      renderCounter={renderCounter}
      width={width}
      height={height}
      itemSpacing={4}
      minVizHeight={16}
      maxVizHeight={40}
      orientation={orientation}
      renderValue={({ value, width, height }) => (
        <BarGauge
          value={value.display}
          field={value.field}
          display={
            value.view && value.colIndex !== undefined ? value.view.getFieldDisplayProcessor(value.colIndex) : undefined
          }
          width={width}
          height={height}
          theme={theme}
          orientation={orientation}
          displayMode={options.displayMode ?? BarGaugeDisplayMode.Gradient}
          showUnfilled={options.showUnfilled}
        />
      )}
    />
  );
}
