import { z } from 'zod';

/**
 * zod compiles fast parsers with `new Function` when it can, and probes for that ability once. The
 * renderer's CSP has no 'unsafe-eval', so the probe would fail and be reported as a policy violation on
 * every start. jitless skips both; parsing stays correct, only the compiled fast path is not used.
 * Imported first by main.tsx, before any schema parses anything.
 */
z.config({ jitless: true });
