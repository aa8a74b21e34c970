import type { BuiltinRenditionPresetId } from '../imaging/builtin-presets';
import { DEFAULT_FILE_NAME_TEMPLATE } from '../imaging/file-names';

/**
 * What an export uses when it is not told otherwise. The rendition is the full-size one: every copy
 * still goes through the pipeline (upright, sRGB, clean metadata, rights), but nothing is made smaller
 * than the owner's original unless a smaller preset is chosen.
 */
export const DEFAULT_RENDITION_PRESET_ID: BuiltinRenditionPresetId = 'builtin-full-size';
export const DEFAULT_NAME_TEMPLATE = DEFAULT_FILE_NAME_TEMPLATE;
