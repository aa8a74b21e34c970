/** The renderer's API: import from here, never from a transport file. */
export { api, installTransport, type Api } from './api';
export type { ApiEventListener, ApiEventMessage } from './api-events';
export { captureDrop, dragHasFiles, itemsFromFiles, type DroppedItems } from './dropped-items';
export { EngineUnreachableError } from './engine-unreachable-error';
export type { ImportedLogo } from './import-logo';
export type { IngestFilesOptions, IngestFilesOutcome, SkippedFile } from './ingest-files';
export type { Transport } from './transport';
