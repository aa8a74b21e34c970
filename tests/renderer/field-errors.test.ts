import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import { rightsPatchSchema } from '../../shared/api/imaging-schemas';
import { EngineUnreachableError } from '../../renderer/src/api';
import { fieldErrorFromApiError, fieldErrorsFromIssues } from '../../renderer/src/lib/field-errors';

describe('field errors', () => {
  it('gives every invalid field its first message at once, by field name, as a sentence', () => {
    const checked = z.object({ rights: rightsPatchSchema }).safeParse({ rights: { webStatement: 'example.com', licensorEmail: 'nobody', creator: 'Ada' } });
    expect(checked.success).toBe(false);
    const errors = fieldErrorsFromIssues(checked.error!.issues);
    expect(Object.keys(errors).sort()).toEqual(['licensorEmail', 'webStatement']);
    expect(errors.webStatement).toBe('The web statement of rights must be a web address starting with http:// or https://.');
    expect(errors.licensorEmail).toMatch(/^The licensor email must look like name@example\.com\.$/);
  });

  it('words a missing or half-typed number as a request for a value, not zod’s type jargon', () => {
    const checked = z.object({ width: z.number() }).safeParse({ width: Number.NaN });
    expect(fieldErrorsFromIssues(checked.error!.issues)).toEqual({ width: 'Enter a value here.' });
  });

  it('finds the field an INVALID_ARGUMENT names, from the engine or from the api module', () => {
    const engine = new ApiError('INVALID_ARGUMENT', 'invalid arguments for rights.set: rights.licensorUrl: the licensor URL must be a web address starting with http:// or https://');
    expect(fieldErrorFromApiError(engine, ['licensorUrl', 'creator'])).toEqual({
      field: 'licensorUrl',
      message: 'The licensor URL must be a web address starting with http:// or https://.',
    });
    const top = new ApiError('INVALID_ARGUMENT', 'invalid arguments for rights.set: shopName: must be at most 200 characters');
    expect(fieldErrorFromApiError(top, ['shopName'])).toEqual({ field: 'shopName', message: 'Must be at most 200 characters.' });
  });

  it('leaves other errors to the form: no path, a field the form lacks, another code, not an ApiError', () => {
    const fields = ['outDir'];
    expect(fieldErrorFromApiError(new ApiError('INVALID_ARGUMENT', 'the export folder must be an absolute path, got "x"'), fields)).toBeNull();
    expect(fieldErrorFromApiError(new ApiError('INVALID_ARGUMENT', 'invalid arguments for export.start: assetIds: too small'), fields)).toBeNull();
    expect(fieldErrorFromApiError(new ApiError('NOT_FOUND', 'invalid arguments for export.start: outDir: gone'), fields)).toBeNull();
    expect(fieldErrorFromApiError(new EngineUnreachableError('down'), fields)).toBeNull();
  });
});
