#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader, so the CLI, the tests and the app share one source.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/core/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
