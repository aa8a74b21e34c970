// `npm start`: builds the renderer and the Electron bundles, stages the app with native modules built
// for Electron (scripts/electron/stage-app.ts explains where and why), and opens it.
import { register } from 'tsx/esm/api';

register();
await import('./electron/start.ts');
