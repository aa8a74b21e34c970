// `npm run dist`: production build, staged app, then electron-builder (see scripts/electron/dist.ts).
import { register } from 'tsx/esm/api';

register();
await import('./electron/dist.ts');
