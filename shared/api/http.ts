import { z } from 'zod';
import type { MediaKind } from './contract';

/**
 * The browser shell's HTTP transport (docs/architecture.md, "Browser shell"). The printed URL carries a
 * one-time token in its fragment; the page exchanges it once at /api/session for an HttpOnly,
 * SameSite=Strict session cookie, which every API, event and media request must then carry.
 */
export const SESSION_COOKIE = 'strongroom_session';
export const TOKEN_FRAGMENT_KEY = 'token';

export const httpRoutes = {
  /** POST with `Authorization: Bearer <one-time token>` → 204 + Set-Cookie. */
  session: '/api/session',
  /**
   * POST JSON arguments → 200 with an ApiResponse (errors are { ok: false } bodies too). The page
   * makes its calls over the call socket (call-socket.ts) and falls back to this.
   */
  call: (method: string) => `/api/call/${method}`,
  /** GET → text/event-stream; each message is `event: <ApiEvent>` + `data: <JSON payload>`. */
  events: '/api/events',
  /** POST UploadJobArgs → { jobId }; then PUT each file's bytes to uploadFile(jobId, index). */
  uploads: '/api/ingest/uploads',
  uploadFile: (jobId: string, index: number) => `/api/ingest/uploads/${jobId}/${index}`,
  /** GET → image/jpeg. */
  media: (kind: MediaKind, versionId: string) => `/media/${kind}/${versionId}`,
} as const;

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export const uploadJobArgsSchema = z
  .object({
    files: z
      .array(z.object({ name: z.string().min(1).max(1024), size: z.number().int().min(0).max(MAX_UPLOAD_BYTES) }).strict())
      .min(1)
      .max(10_000),
    assetId: z.string().regex(/^[0-9a-hjkmnp-tv-z]{12}$/).optional(),
  })
  .strict();
export type UploadJobArgs = z.infer<typeof uploadJobArgsSchema>;
