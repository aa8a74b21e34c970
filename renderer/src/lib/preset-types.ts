import type { ApiResult } from '../../../shared/api/contract';

/** The presets as the contract returns them (presets.list), named for the UI's use. */
export type RenditionPreset = ApiResult<'presets.list'>['rendition'][number];
export type WatermarkPreset = ApiResult<'presets.list'>['watermark'][number];
export type PresetDefaults = ApiResult<'presets.list'>['defaults'];
export type WatermarkPlacement = WatermarkPreset['placement'];
export type RenditionSize = RenditionPreset['size'];
export type WatermarkPreview = ApiResult<'watermark.preview'>;
