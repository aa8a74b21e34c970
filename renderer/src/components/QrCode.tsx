import { useMemo } from 'react';
import { QR_QUIET_ZONE, qrMatrix } from '../lib/qr-matrix';

/**
 * A QR code as SVG elements React builds (no canvas, no markup strings). Always dark on white, in
 * either theme: scanners expect that contrast, and a light code on dark often fails to read.
 */
export function QrCode({ text, size = 176, label }: { text: string; size?: number; label: string }) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const side = matrix.size + 2 * QR_QUIET_ZONE;
  return (
    <svg className="qr-code" width={size} height={size} viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="share-qr" data-modules={matrix.size}>
      <rect width={side} height={side} fill="#ffffff" />
      <path d={matrix.path} fill="#000000" />
    </svg>
  );
}
