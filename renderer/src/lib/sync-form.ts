import { syncFolderPathSchema, syncS3TargetSchema, type SyncS3TargetInput } from '../../../shared/api/sync-contract';
import { fieldErrorsFromIssues, type FieldErrors } from './field-errors';

/** The connect form's text, checked with the contract's own schemas so mistakes show under their fields before any call. */
export interface S3Draft {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export const EMPTY_S3_DRAFT: S3Draft = { endpoint: '', region: 'us-east-1', bucket: '', prefix: '', pathStyle: false, accessKeyId: '', secretAccessKey: '' };

/** "photos" means the folder "photos/": the trailing slash is added rather than refused. */
function normalPrefix(raw: string): string {
  const p = raw.trim().replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

export function checkFolder(path: string): { path: string } | { errors: FieldErrors } {
  const parsed = syncFolderPathSchema.safeParse(path);
  if (parsed.success) return { path: parsed.data };
  return { errors: fieldErrorsFromIssues(parsed.error.issues.map((i) => ({ ...i, path: ['path'] }))) };
}

export function checkS3(draft: S3Draft): { input: SyncS3TargetInput } | { errors: FieldErrors } {
  const input = {
    endpoint: draft.endpoint.trim() === '' ? null : draft.endpoint.trim(),
    region: draft.region.trim(),
    bucket: draft.bucket.trim(),
    prefix: normalPrefix(draft.prefix),
    pathStyle: draft.pathStyle,
    accessKeyId: draft.accessKeyId.trim(),
    secretAccessKey: draft.secretAccessKey.trim(),
  };
  const parsed = syncS3TargetSchema.safeParse(input);
  if (parsed.success) return { input };
  return { errors: fieldErrorsFromIssues(parsed.error.issues) };
}
