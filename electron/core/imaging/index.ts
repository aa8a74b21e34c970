/**
 * The imaging engine: everything that leaves the vault goes through renderImage (rendition →
 * watermark → metadata hygiene → rights). Plain Node over sharp; never imports Electron.
 */
export * from './types';
export { builtinRenditionPreset, builtinRenditionPresets, BUILTIN_RENDITION_PRESET_IDS, type BuiltinRenditionPresetId } from './builtin-presets';
export { renderImage, type RenderRequest } from './render';
export {
  applyWatermark,
  clearWatermarkCaches,
  prepareWatermark,
  renderWatermarkPreview,
  warmUpWatermarks,
  watermarkCacheStats,
  PREVIEW_MAX_EDGE,
  type PreparedWatermark,
  type PreviewOptions,
  type WatermarkRequest,
} from './watermark';
export { fillWatermarkText, escapePangoMarkup } from './watermark-text';
export { buildRightsXmp, escapeXmlText, DATA_MINING_URIS, MAX_XMP_BYTES } from './xmp';
export {
  checkFileNameTemplate,
  renderFileName,
  safeFileName,
  FileNameSet,
  DEFAULT_FILE_NAME_TEMPLATE,
  FILE_NAME_VARIABLES,
  MAX_FILE_NAME_BYTES,
  type FileNameFields,
} from './file-names';
export { extensionFor } from './encode';
export { planRendition, type RenditionPlan } from './rendition-plan';
export { resolveFontFile, setImagingResourcesDir, WATERMARK_FONT_FILE } from './fonts';
export { DEFAULT_MAX_INPUT_PIXELS } from './source';
export { MAX_OUTPUT_EDGE, assertRenditionPreset, assertRightsProfile, assertWatermarkPreset } from './validate';
