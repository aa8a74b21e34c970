import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadRefusal } from '../core/api/upload-sources';
import type { ApiErrorCode } from '../../shared/api/errors';
import { uploadJobArgsSchema } from '../../shared/api/http';
import { httpFailureOf, INTERNAL_FAILURE } from './error-status';
import { contentLengthOf, readJsonBody } from './request-body';
import { CLOSE_CONNECTION, sendError, sendJson, sendNoContent } from './responses';
import type { UploadJobs } from './upload-jobs';

/** /api/ingest/uploads/<job id (a UUID)>/<file index> */
const FILE_PATH = /^\/api\/ingest\/uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(0|[1-9][0-9]{0,5})$/;

const REFUSAL_STATUS: Record<UploadRefusal, { status: number; code: ApiErrorCode }> = {
  'unknown-file': { status: 404, code: 'NOT_FOUND' },
  conflict: { status: 409, code: 'CONFLICT' },
  'too-large': { status: 413, code: 'INVALID_ARGUMENT' },
  incomplete: { status: 400, code: 'INVALID_ARGUMENT' },
  interrupted: { status: 400, code: 'INVALID_ARGUMENT' },
  closed: { status: 409, code: 'CANCELLED' },
};

const describeIssue = (issue: { path: PropertyKey[]; message: string } | undefined) =>
  issue ? `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}` : 'invalid';

/**
 * Files dropped in the browser: POST the list of files (name and size) to start an import job at once,
 * then PUT each file's bytes to its index. A PUT is answered when the engine has read all of its bytes
 * (204) or refused them; the import's own verdict on each file comes in the job's ingest.done event.
 */
export function createUploadRoutes(uploads: UploadJobs, log: (message: string) => void) {
  async function create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      sendError(res, 405, 'INVALID_ARGUMENT', 'start an upload with POST', { Allow: 'POST', ...CLOSE_CONNECTION });
      return;
    }
    const body = await readJsonBody(req);
    if (!body.ok) {
      sendError(res, body.status, 'INVALID_ARGUMENT', body.message, body.bodyUnread ? CLOSE_CONNECTION : {});
      return;
    }
    const parsed = uploadJobArgsSchema.safeParse(body.value);
    if (!parsed.success) {
      sendError(res, 400, 'INVALID_ARGUMENT', `invalid upload: ${describeIssue(parsed.error.issues[0])}`);
      return;
    }
    try {
      sendJson(res, 200, { jobId: uploads.start(parsed.data) });
    } catch (err) {
      const failure = httpFailureOf(err) ?? INTERNAL_FAILURE;
      if (failure === INTERNAL_FAILURE) log(`starting an upload failed: ${(err as Error)?.stack ?? String(err)}`);
      sendError(res, failure.status, failure.code, failure.message);
    }
  }

  async function put(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'PUT') {
      sendError(res, 405, 'INVALID_ARGUMENT', "send a file's bytes with PUT", { Allow: 'PUT', ...CLOSE_CONNECTION });
      return;
    }
    const match = FILE_PATH.exec(rawPath);
    const job = match ? uploads.get(match[1]!) : undefined;
    if (!match || !job) {
      sendError(res, 404, 'NOT_FOUND', 'no such upload: the import may have ended or been cancelled', CLOSE_CONNECTION);
      return;
    }
    const outcome = await job.attach(Number(match[2]), req, contentLengthOf(req));
    if (outcome.ok) {
      sendNoContent(res);
      return;
    }
    const { status, code } = REFUSAL_STATUS[outcome.refusal];
    // A refused body that was not read to its end is not read further: the connection closes instead.
    sendError(res, status, code, outcome.message, req.complete ? {} : CLOSE_CONNECTION);
  }

  return { create, put };
}
