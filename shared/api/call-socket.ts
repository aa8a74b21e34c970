import { z } from 'zod';
import type { ApiResponse } from './errors';

/**
 * The browser shell's call socket (docs/architecture.md, "Browser shell"): contract calls as WebSocket
 * text frames on one connection the page keeps open. From Chromium, a fetch to 127.0.0.1 costs 6–18 ms
 * per call (p50–p95) where a frame on an open socket costs 1–3 ms (`npm run bench:ui`, its transport
 * lines), and a keystroke's search has a 50 ms budget. The upgrade passes the
 * same Host, Origin and session checks as every API request; POST /api/call stays for other clients and
 * as the page's fallback.
 */
export const CALL_SOCKET_PATH = '/api/calls';

/** A call: `id` is the page's own counter, echoed in the reply so answers may come back in any order. */
export const callFrameSchema = z
  .object({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    method: z.string().min(1).max(200),
    args: z.unknown().optional(),
  })
  .strict();
export type CallFrame = z.infer<typeof callFrameSchema>;

/** The answer to one call: the same ApiResponse envelope POST /api/call answers with. */
export interface CallReply {
  readonly id: number;
  readonly response: ApiResponse<unknown>;
}

export const callReplySchema = z
  .object({
    id: z.number().int().min(0),
    response: z.object({ ok: z.boolean() }).passthrough(),
  })
  .strict();

/** Close codes the shell uses (RFC 6455 §7.4.1): 1008 for a frame that is not a call, 1001 on shutdown. */
export const CALL_SOCKET_CLOSE = { notACall: 1008, goingAway: 1001 } as const;
