import { isLogoInUse } from '../catalog/watermark-presets';
import { importLogo, type ImportedLogo, type LogoSource } from '../ingest/logo';
import type { Session } from './session';

/**
 * Logos imported while the vault is unlocked, before a saved preset names them. Only these and logos
 * that saved presets already use may appear as a preset's logo (in a save or a preview): a blob id the
 * UI made up, an original's say, is never decrypted as a "logo". Forgotten when the vault locks.
 */
export class LogoImports {
  private readonly imported = new Set<string>();

  constructor(private readonly session: Session) {
    session.onLock(() => this.imported.clear());
  }

  async import(source: LogoSource): Promise<ImportedLogo> {
    const logo = await importLogo(this.session.requireVault(), source);
    this.imported.add(logo.logoBlob);
    return logo;
  }

  /** Imported in this session (whether or not a preset uses it yet). */
  wasImported(blobId: string): boolean {
    return this.imported.has(blobId);
  }

  /** A logo the vault holds as a logo: imported in this session, or used by a saved preset. */
  isKnown(blobId: string): boolean {
    return this.imported.has(blobId) || isLogoInUse(this.session.requireVault().db, blobId);
  }
}
