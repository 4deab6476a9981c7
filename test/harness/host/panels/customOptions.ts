import { type FieldConfigEditorBuilder, identityOverrideProcessor } from '@grafana/data';

/** Options are set in code here, never edited, so no option has an editor. */
const NoEditor = () => null;

/**
 * Registers a panel's custom field options (`custom.<name>`) with their defaults, taken as
 * they are: the stand-in panels read them, and options not registered are dropped by Scenes.
 */
export const customOptions =
  (defaults: Record<string, unknown>) => (builder: FieldConfigEditorBuilder<Record<string, unknown>>) => {
    for (const [name, defaultValue] of Object.entries(defaults)) {
      builder.addCustomEditor({
        id: name,
        path: name,
        name,
        editor: NoEditor,
        override: NoEditor,
        process: identityOverrideProcessor,
        shouldApply: () => true,
        defaultValue,
      });
    }
  };
