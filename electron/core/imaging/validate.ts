import { StrongroomError } from '../errors';
import { parseHexColour } from './colour';
import {
  boxFits,
  dataMiningValues,
  renditionFormats,
  watermarkLegibility,
  watermarkPositions,
  type RenditionPreset,
  type RightsProfile,
  type WatermarkPreset,
} from './types';

/**
 * The API validates presets with zod before it stores them (shared/api/imaging-schemas.ts). The engine
 * checks again at its own boundary because tests, the bench and future callers reach it directly, and
 * a bad number should fail here with the field's name, not deep inside libvips or as a silent clamp.
 */

/** WebP's limit, and the API's: far beyond what any sales channel asks for. */
export const MAX_OUTPUT_EDGE = 16383;

const invalid = (message: string) => new StrongroomError('INVALID_ARGUMENT', message);

function assertEdge(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_OUTPUT_EDGE) {
    throw invalid(`${field} must be a whole number of pixels from 1 to ${MAX_OUTPUT_EDGE}, got ${value}`);
  }
}

function assertRange(value: number, min: number, max: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`${field} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
}

function assertOneOf<T extends string>(value: string, allowed: readonly T[], field: string): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) throw invalid(`${field} must be one of ${allowed.join(', ')}, got "${value}"`);
}

export function assertRenditionPreset(preset: RenditionPreset): void {
  const where = `rendition preset "${preset.name}"`;
  const size = preset.size;
  if (size.mode === 'long-edge') {
    assertEdge(size.longEdge, `the long edge of ${where}`);
  } else if (size.mode === 'box') {
    assertEdge(size.width, `the box width of ${where}`);
    assertEdge(size.height, `the box height of ${where}`);
    assertOneOf(size.fit, boxFits, `the box fit of ${where}`);
    parseHexColour(size.background, `the background of ${where}`);
  } else {
    throw invalid(`the size mode of ${where} must be long-edge or box`);
  }
  assertOneOf(preset.format, renditionFormats, `the format of ${where}`);
  if (!Number.isInteger(preset.quality) || preset.quality < 1 || preset.quality > 100) {
    throw invalid(`the quality of ${where} must be a whole number from 1 to 100, got ${preset.quality}`);
  }
}

export function assertWatermarkPreset(preset: WatermarkPreset): void {
  const where = `watermark preset "${preset.name}"`;
  if (preset.text !== null && typeof preset.text !== 'string') throw invalid(`the text of ${where} must be text or null`);
  if (preset.text === null && preset.logoBlob === null) throw invalid(`${where} needs text, a logo, or both`);
  assertRange(preset.sizePercent, 1, 100, `the size of ${where} (percent of the output width)`);
  parseHexColour(preset.color, `the colour of ${where}`);
  assertRange(preset.opacity, 0, 1, `the opacity of ${where}`);
  assertRange(preset.rotation, -180, 180, `the rotation of ${where} (degrees)`);
  assertOneOf(preset.legibility, watermarkLegibility, `the legibility option of ${where}`);
  const placement = preset.placement;
  if (placement.mode === 'position') {
    assertOneOf(placement.position, watermarkPositions, `the position of ${where}`);
    assertRange(placement.marginPercent, 0, 25, `the margin of ${where} (percent of the short edge)`);
  } else if (placement.mode === 'tiled') {
    assertRange(placement.spacingPercent, 0, 100, `the tile spacing of ${where} (percent of the short edge)`);
  } else {
    throw invalid(`the placement of ${where} must be position or tiled`);
  }
}

const RIGHTS_TEXT_FIELDS = [
  'creator',
  'copyrightNotice',
  'creditLine',
  'webStatement',
  'licensorName',
  'licensorUrl',
  'licensorEmail',
  'usageTerms',
  'otherConstraints',
] as const satisfies readonly (keyof RightsProfile)[];

export function assertRightsProfile(profile: RightsProfile): void {
  for (const field of RIGHTS_TEXT_FIELDS) {
    const value = profile[field];
    if (value !== null && typeof value !== 'string') throw invalid(`the rights field ${field} must be text or null`);
  }
  if (profile.dataMining !== null) assertOneOf(profile.dataMining, dataMiningValues, 'the rights field dataMining');
}
