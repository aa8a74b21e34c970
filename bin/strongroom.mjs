#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader, so the CLI, the tests and the app share one source.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/core/cli/main.ts');
const { processIO } = await import('../electron/core/cli/io.ts');
// Shells built on the core add their commands here: the core itself must not import them.
const { webCommand } = await import('../electron/web/web-command.ts');
process.exitCode = await runCli(process.argv.slice(2), processIO, process.env, undefined, [webCommand]);
