/**
 * Blending a watermark into decoded pixels, in JavaScript, touching only the mark's own pixels.
 *
 * sharp's composite is what a first version would use, and it is what made a watermark cost ~2.9× the
 * rendition: compositing makes sharp add an alpha band to the image before the resize (so the
 * full-size decode is premultiplied, resampled in four bands and unpremultiplied), and blends every
 * pixel of the frame. Here the image is already at output size, and each row of the mark is blended
 * only between its first and last visible pixel, so a corner mark costs a few thousand pixels and a
 * tiled one one pass over the covered rows.
 */

/** A rendered mark: premultiplied RGBA with its opacity applied, and each row's visible span. */
export interface Mark {
  width: number;
  height: number;
  data: Buffer;
  /** Per row, the first visible column and one past the last (equal when the row is empty). */
  rowStart: Int32Array;
  rowEnd: Int32Array;
}

/** Computes the row spans of premultiplied RGBA pixels. */
export function markFromPixels(width: number, height: number, data: Buffer): Mark {
  const rowStart = new Int32Array(height);
  const rowEnd = new Int32Array(height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width * 4;
    let start = 0;
    while (start < width && data[row + start * 4 + 3] === 0) start += 1;
    let end = width;
    while (end > start && data[row + (end - 1) * 4 + 3] === 0) end -= 1;
    rowStart[y] = start;
    rowEnd[y] = end;
  }
  return { width, height, data, rowStart, rowEnd };
}

/**
 * Source-over of `mark` at (x, y) onto `target` (width×height, 3 channels sRGB or 4 with straight
 * alpha), in place, clipped to the image.
 */
export function blendMark(target: Buffer, width: number, height: number, channels: 3 | 4, mark: Mark, x: number, y: number): void {
  const m = mark.data;
  const y0 = Math.max(0, -y);
  const y1 = Math.min(mark.height, height - y);
  for (let my = y0; my < y1; my += 1) {
    const start = Math.max(mark.rowStart[my]!, -x);
    const end = Math.min(mark.rowEnd[my]!, width - x);
    if (start >= end) continue;
    let mi = (my * mark.width + start) * 4;
    let ti = ((y + my) * width + x + start) * channels;
    if (channels === 3) {
      for (let mx = start; mx < end; mx += 1, mi += 4, ti += 3) {
        const a = m[mi + 3]!;
        if (a === 0) continue;
        if (a === 255) {
          target[ti] = m[mi]!;
          target[ti + 1] = m[mi + 1]!;
          target[ti + 2] = m[mi + 2]!;
          continue;
        }
        const inv = 255 - a;
        // v / 255 rounded, exact for 0 ≤ v ≤ 255², without a division.
        let v = target[ti]! * inv + 128;
        target[ti] = m[mi]! + ((v + (v >> 8)) >> 8);
        v = target[ti + 1]! * inv + 128;
        target[ti + 1] = m[mi + 1]! + ((v + (v >> 8)) >> 8);
        v = target[ti + 2]! * inv + 128;
        target[ti + 2] = m[mi + 2]! + ((v + (v >> 8)) >> 8);
      }
    } else {
      for (let mx = start; mx < end; mx += 1, mi += 4, ti += 4) {
        const a = m[mi + 3]!;
        if (a === 0) continue;
        const sa = a / 255;
        const da = (target[ti + 3]! / 255) * (1 - sa);
        const oa = sa + da;
        for (let c = 0; c < 3; c += 1) target[ti + c] = Math.round((m[mi + c]! + target[ti + c]! * da) / oa);
        target[ti + 3] = Math.round(oa * 255);
      }
    }
  }
}
