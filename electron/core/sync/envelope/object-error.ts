import { StrongroomError } from '../../errors';

/**
 * A remote object that must not be used: damaged, truncated, renamed or swapped, sealed under another
 * vault's key, or not what its name promises. The error always names the object, so the report says
 * which one to look at; nothing from it is ever applied or stored.
 */
export type ObjectFault =
  | 'bad-magic'
  | 'unsupported-version'
  | 'truncated'
  | 'auth-failed'
  /** Authentic, but its content is not what the name says (a blob whose hash does not match). */
  | 'content-mismatch';

export class SyncObjectError extends StrongroomError {
  readonly fault: ObjectFault;
  readonly objectName: string;
  readonly chunk: number | undefined;

  constructor(objectName: string, fault: ObjectFault, detail: string, chunk?: number) {
    super('SYNC_OBJECT_REJECTED', `remote object ${objectName} was rejected: ${detail}`);
    this.name = 'SyncObjectError';
    this.objectName = objectName;
    this.fault = fault;
    this.chunk = chunk;
  }
}
