// A `strongroom` process with the web command serving a given renderer folder (the real one,
// dist/renderer, may not be built): `node --import tsx web-command-child.ts RENDERER_DIR ARGS...`.
import { processIO } from '../../electron/core/cli/io';
import { runCli } from '../../electron/core/cli/main';
import { createWebCommand } from '../../electron/web/web-command';

const [rendererDir, ...argv] = process.argv.slice(2);
if (!rendererDir) throw new Error('usage: web-command-child.ts RENDERER_DIR ARGS...');
process.exitCode = await runCli(argv, processIO, process.env, undefined, [createWebCommand({ rendererDir })]);
