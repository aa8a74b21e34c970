/**
 * A Gaussian blur of a one-channel mask, approximated by three box blurs (running sums), for the
 * watermark's halo. Its cost does not depend on the blur radius: the halo of a mark is a share of its
 * text height, so a large mark has a large halo, and libvips' true Gaussian (a kernel 6σ wide) took
 * longer than the whole rest of a designer preview once the mark was big. A halo is soft anyway; the
 * three-box approximation is within a few percent of the Gaussian.
 *
 * Pixels outside the mask count as zero (the mark's canvas has a transparent border).
 */

/** Widths of three boxes whose succession approximates a Gaussian of `sigma` (W. Wells, 1986). */
export function boxWidthsForGauss(sigma: number, passes = 3): number[] {
  const ideal = Math.sqrt((12 * sigma * sigma) / passes + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower -= 1;
  const upper = lower + 2;
  const m = Math.round((12 * sigma * sigma - passes * lower * lower - 4 * passes * lower - 3 * passes) / (-4 * lower - 4));
  return Array.from({ length: passes }, (_, i) => (i < m ? lower : upper));
}

/** One box blur of `radius` along each row, src → dst. */
function boxRows(src: Float32Array, dst: Float32Array, width: number, height: number, radius: number): void {
  const scale = 1 / (2 * radius + 1);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    let sum = 0;
    // Window [x - radius, x + radius]; outside the mask is zero.
    for (let k = 0; k <= Math.min(radius, width - 1); k += 1) sum += src[row + k]!;
    for (let x = 0; x < width; x += 1) {
      dst[row + x] = sum * scale;
      if (x + radius + 1 < width) sum += src[row + x + radius + 1]!;
      if (x - radius >= 0) sum -= src[row + x - radius]!;
    }
  }
}

/**
 * One box blur of `radius` along each column, src → dst, walking whole rows with one running sum per
 * column: going down a column instead would miss the cache on every pixel (3–5× slower on a
 * megapixel mask).
 */
function boxColumns(src: Float32Array, dst: Float32Array, width: number, height: number, radius: number, sums: Float32Array): void {
  const scale = 1 / (2 * radius + 1);
  sums.fill(0);
  for (let k = 0; k <= Math.min(radius, height - 1); k += 1) {
    const row = k * width;
    for (let x = 0; x < width; x += 1) sums[x] += src[row + x]!;
  }
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) dst[row + x] = sums[x]! * scale;
    if (y + radius + 1 < height) {
      const add = (y + radius + 1) * width;
      for (let x = 0; x < width; x += 1) sums[x] += src[add + x]!;
    }
    if (y - radius >= 0) {
      const drop = (y - radius) * width;
      for (let x = 0; x < width; x += 1) sums[x] -= src[drop + x]!;
    }
  }
}

function boxBlur(a: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const b = new Float32Array(a.length);
  const sums = new Float32Array(width);
  for (const w of boxWidthsForGauss(sigma)) {
    const r = (w - 1) / 2;
    if (r < 1) continue;
    // Rows into b, then columns back into a: a holds the result after each box.
    boxRows(a, b, width, height, r);
    boxColumns(b, a, width, height, r, sums);
  }
  return a;
}

/** Mean of each k×k block (the last row and column of blocks may be partial). */
function shrink(mask: Uint8Array, width: number, height: number, k: number): { data: Float32Array; width: number; height: number } {
  const sw = Math.ceil(width / k);
  const sh = Math.ceil(height / k);
  const sum = new Float32Array(sw * sh);
  const count = new Float32Array(sw * sh);
  for (let y = 0; y < height; y += 1) {
    const srow = Math.floor(y / k) * sw;
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      const i = srow + Math.floor(x / k);
      sum[i] += mask[row + x]!;
      count[i] += 1;
    }
  }
  for (let i = 0; i < sum.length; i += 1) sum[i] = sum[i]! / count[i]!;
  return { data: sum, width: sw, height: sh };
}

/** Bilinear enlargement of a k-times-smaller grid back to width×height (block centres as samples). */
function enlarge(small: { data: Float32Array; width: number; height: number }, width: number, height: number, k: number): Float32Array {
  const out = new Float32Array(width * height);
  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x += 1) {
    const sx = Math.min(small.width - 1, Math.max(0, (x + 0.5) / k - 0.5));
    x0[x] = Math.floor(sx);
    x1[x] = Math.min(small.width - 1, x0[x]! + 1);
    fx[x] = sx - x0[x]!;
  }
  for (let y = 0; y < height; y += 1) {
    const sy = Math.min(small.height - 1, Math.max(0, (y + 0.5) / k - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(small.height - 1, y0 + 1);
    const fy = sy - y0;
    const r0 = y0 * small.width;
    const r1 = y1 * small.width;
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      const top = small.data[r0 + x0[x]!]! + (small.data[r0 + x1[x]!]! - small.data[r0 + x0[x]!]!) * fx[x]!;
      const bottom = small.data[r1 + x0[x]!]! + (small.data[r1 + x1[x]!]! - small.data[r1 + x0[x]!]!) * fx[x]!;
      out[row + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}

/**
 * The blurred mask, 0–255 as floats. A wide blur (large marks) is computed on a grid shrunk so that
 * sigma stays about 3 cells, then enlarged: the halo is smooth at that scale, and the work shrinks
 * with the square of the factor.
 */
export function blurMask(mask: Uint8Array, width: number, height: number, sigma: number): Float32Array {
  const k = Math.floor(sigma / 3);
  if (k >= 2) {
    const small = shrink(mask, width, height, k);
    small.data = boxBlur(small.data, small.width, small.height, sigma / k);
    return enlarge(small, width, height, k);
  }
  // set() copies typed arrays natively; Float32Array.from would walk an iterator (~100 ms per megapixel).
  const a = new Float32Array(mask.length);
  a.set(mask);
  if (sigma < 0.3) return a;
  return boxBlur(a, width, height, sigma);
}
