import type { z } from 'zod';
import {
  renditionPresetSchema,
  rightsProfileSchema,
  watermarkPresetSchema,
  watermarkVariablesSchema,
} from '../../../shared/api/imaging-schemas';
import { StrongroomError } from '../errors';
import type { RenditionPreset, RightsProfile, WatermarkPreset, WatermarkVariables } from '../imaging/types';

/**
 * The catalog validates presets and the rights profile with the API's own zod schemas, so a value the
 * CLI writes obeys exactly the limits the UI is held to. The schemas live in shared/ (the renderer uses
 * them too) and mirror the imaging types by hand; these assertions make `tsc` fail the moment the two
 * disagree, in either direction.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRendition: Same<z.output<typeof renditionPresetSchema>, RenditionPreset> = true;
const sameWatermark: Same<z.output<typeof watermarkPresetSchema>, WatermarkPreset> = true;
const sameRights: Same<z.output<typeof rightsProfileSchema>, RightsProfile> = true;
const sameVariables: Same<z.output<typeof watermarkVariablesSchema>, WatermarkVariables> = true;
export const schemasMatchImagingTypes = sameRendition && sameWatermark && sameRights && sameVariables;

/** Parses `value` or throws INVALID_ARGUMENT naming the first bad field, e.g. "rendition preset: quality: ...". */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  throw new StrongroomError('INVALID_ARGUMENT', `${what}: ${where}${issue?.message ?? 'invalid'}`);
}
