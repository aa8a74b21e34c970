import { spawn } from 'node:child_process';
import { electronMissingHelp, locateElectronBinary } from './electron-binary';
import { prepareElectronApp } from './prepare';

/**
 * `npm start`: check for the Electron binary first (it is absent where downloads are blocked, and
 * nothing else is worth building then), build and stage the app, and run Electron on the staged app.
 * Arguments after `npm start --` go to Electron.
 */
const electron = locateElectronBinary();
if (!electron.ok) {
  process.stderr.write(`${electronMissingHelp(electron.reason)}\n`);
  process.exit(1);
}

const appDir = await prepareElectronApp({ electronVersion: electron.version, production: false });
const env = { ...process.env };
// Inherited from some tool environments, it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, [appDir, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
