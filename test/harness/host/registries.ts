import {
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldColorModeId,
  type FieldConfigPropertyItem,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

/** Options and transformations are set in code here, never edited: nothing has an editor. */
const NoEditor = () => null;

type Process = FieldConfigPropertyItem['process'];

const option = (
  id: string,
  process: Process,
  extra: Partial<FieldConfigPropertyItem> = {}
): FieldConfigPropertyItem => ({
  id,
  path: id,
  name: id,
  editor: NoEditor,
  override: NoEditor,
  process,
  shouldApply: () => true,
  ...extra,
});

/**
 * Grafana's standard field options (unit, min/max, decimals, display name, no value, colour,
 * thresholds, value mappings, data links) with their processors and defaults. Grafana builds
 * them in its core; without them panels drop these settings and values render uncoloured.
 */
export function registerStandardFieldOptions(): void {
  standardFieldConfigEditorRegistry.setInit(() => [
    option('unit', unitOverrideProcessor),
    option('min', numberOverrideProcessor),
    option('max', numberOverrideProcessor),
    option('decimals', numberOverrideProcessor),
    option('displayName', displayNameOverrideProcessor),
    option('noValue', stringOverrideProcessor),
    option('color', identityOverrideProcessor, {
      settings: { byValueSupport: true, preferThresholdsMode: true },
      defaultValue: { mode: FieldColorModeId.Thresholds },
    }),
    option('thresholds', thresholdsOverrideProcessor, {
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
    }),
    option('mappings', valueMappingsOverrideProcessor, { defaultValue: [] }),
    option('links', dataLinksOverrideProcessor),
  ]);
}

/** Grafana's standard transformations (filter by name, organize, ...), which Grafana registers at start. */
export function registerStandardTransformers(): void {
  // The package lists some transformers under two names (noop): register each id once.
  const byId = new Map(Object.values(standardTransformers).map((info) => [info.id, info]));
  standardTransformersRegistry.setInit(() =>
    [...byId.values()].map((info) => ({
      id: info.id,
      aliasIds: info.aliasIds,
      name: info.name,
      description: info.description,
      transformation: () => Promise.resolve(info),
      editor: NoEditor,
      imageDark: '',
      imageLight: '',
    }))
  );
}
