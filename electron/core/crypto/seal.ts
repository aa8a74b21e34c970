import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM for small secrets (wrapped keys). The nonce is random: each key wraps only a handful of values. */
export const GCM_TAG_BYTES = 16;
export const GCM_NONCE_BYTES = 12;

export interface Sealed {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Returns null when authentication fails, so callers turn it into the error that fits their context. */
export function open(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  if (sealed.nonce.length !== GCM_NONCE_BYTES || sealed.tag.length !== GCM_TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  const out = decipher.update(sealed.ciphertext);
  try {
    return Buffer.concat([out, decipher.final()]);
  } catch {
    out.fill(0);
    return null;
  }
}
