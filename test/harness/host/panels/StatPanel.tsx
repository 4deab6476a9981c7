import {
  getFieldDisplayValues,
  type FieldDisplay,
  type PanelProps,
  type ReduceDataOptions,
  VizOrientation,
} from '@grafana/data';
import {
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  useTheme2,
  VizRepeater,
} from '@grafana/ui';
import React from 'react';

export interface StatOptions {
  reduceOptions: ReduceDataOptions;
  textMode?: BigValueTextMode;
  colorMode?: BigValueColorMode;
  justifyMode?: BigValueJustifyMode;
  wideLayout?: boolean;
}

/** Stand-in for Grafana's stat panel: each reduced value as a BigValue, repeated to fit. */
export function StatPanel({
  data,
  options,
  fieldConfig,
  replaceVariables,
  timeZone,
  width,
  height,
  renderCounter,
}: PanelProps<StatOptions>) {
  const theme = useTheme2();
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
      itemSpacing={3}
      autoGrid={options.wideLayout}
      minVizWidth={75}
      minVizHeight={40}
      orientation={VizOrientation.Auto}
      renderValue={({ value, width, height, count }) => (
        <BigValue
          value={value.display}
          count={count}
          width={width}
          height={height}
          theme={theme}
          textMode={options.textMode ?? BigValueTextMode.Auto}
          colorMode={options.colorMode ?? BigValueColorMode.Value}
          justifyMode={options.justifyMode ?? BigValueJustifyMode.Auto}
          graphMode={BigValueGraphMode.None}
        />
      )}
    />
  );
}
