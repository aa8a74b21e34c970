import { create } from 'qrcode';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  /** One SVG path of every dark module, in module units, offset by the quiet zone. */
  readonly path: string;
}

/** The four-module margin scanners need around the code. */
export const QR_QUIET_ZONE = 4;

/**
 * A QR code's modules as one path ("M x y h1 v1 h-1 z" per dark module, runs merged per row), for an
 * SVG element built by React: no canvas, no markup strings. Error correction M survives a smudge and
 * keeps a 43-character token link small enough to scan from a screen.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      path += `M${start + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  }
  return { size, path };
}
