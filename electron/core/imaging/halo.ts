/**
 * A Gaussian blur of a one-channel mask for the watermark's halo, approximated by three box blurs
 * (running sums, so the cost does not grow with the radius) and, for wide blurs, computed on a
 * shrunk grid. The halo is a share of the text height, so a large mark has a large halo, and libvips'
 * true Gaussian (a kernel 6σ wide) took longer than the whole rest of a designer preview once the
 * mark was big. A halo is soft anyway; the approximation is within a few levels of the Gaussian.
 *
 * Pixels outside the mask count as zero (the mark's canvas has a transparent border).
 */

/**
 * Widths of three odd boxes whose succession has about the variance of a Gaussian of `sigma` (the
 * choice of widths described by P. Kovesi, "Fast Almost-Gaussian Filtering", 2010).
 */
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
    for (let x = 0; x < width; x += 1) sums[x] = sums[x]! + src[row + x]!;
  }
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) dst[row + x] = sums[x]! * scale;
    if (y + radius + 1 < height) {
      const add = (y + radius + 1) * width;
      for (let x = 0; x < width; x += 1) sums[x] = sums[x]! + src[add + x]!;
    }
    if (y - radius >= 0) {
      const drop = (y - radius) * width;
      for (let x = 0; x < width; x += 1) sums[x] = sums[x]! - src[drop + x]!;
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

/** Mean of each k×k block (the last row and column of blocks may be partial) of one channel of `pixels`. */
function shrink(pixels: Uint8Array, channels: number, channel: number, width: number, height: number, k: number): { data: Float32Array; width: number; height: number } {
  const sw = Math.ceil(width / k);
  const sh = Math.ceil(height / k);
  const out = new Float32Array(sw * sh);
  for (let by = 0; by < sh; by += 1) {
    const y0 = by * k;
    const y1 = Math.min(height, y0 + k);
    for (let bx = 0; bx < sw; bx += 1) {
      const x0 = bx * k;
      const x1 = Math.min(width, x0 + k);
      let sum = 0;
      for (let y = y0; y < y1; y += 1) {
        const row = y * width;
        for (let x = x0; x < x1; x += 1) sum += pixels[(row + x) * channels + channel]!;
      }
      out[by * sw + bx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return { data: out, width: sw, height: sh };
}

/** A blurred channel, read row by row (rows of a shrunk grid are enlarged on demand). */
export interface BlurredRows {
  /** Row y of the blur, 0–255; the array is reused by the next call. */
  row(y: number): Float32Array;
}

/**
 * Bilinear enlargement of a k-times-smaller grid (block centres as samples), separably: each small row
 * is widened once up front, and each output row is then a blend of two widened rows, produced when
 * asked for, so the full-size blur never exists in memory and the loops run along rows.
 */
function enlargedRows(small: { data: Float32Array; width: number; height: number }, width: number, k: number): BlurredRows {
  const position = (i: number, n: number) => Math.min(n - 1, Math.max(0, (i + 0.5) / k - 0.5));
  const wide = new Float32Array(small.height * width);
  for (let x = 0; x < width; x += 1) {
    const sx = position(x, small.width);
    // The pair (x0, x0 + 1) must exist; a one-column grid has no pair, and its column is used as is.
    const x0 = Math.max(0, Math.min(small.width - 2, Math.floor(sx)));
    const fx = small.width === 1 ? 0 : sx - x0;
    for (let y = 0; y < small.height; y += 1) {
      const a = small.data[y * small.width + x0]!;
      const b = small.width === 1 ? a : small.data[y * small.width + x0 + 1]!;
      wide[y * width + x] = a + (b - a) * fx;
    }
  }
  const out = new Float32Array(width);
  return {
    row(y: number): Float32Array {
      const sy = position(y, small.height);
      const y0 = Math.min(Math.max(0, small.height - 2), Math.floor(sy));
      const y1 = Math.min(small.height - 1, y0 + 1);
      const fy = sy - y0;
      const r0 = y0 * width;
      const r1 = y1 * width;
      for (let x = 0; x < width; x += 1) {
        const a = wide[r0 + x]!;
        out[x] = a + (wide[r1 + x]! - a) * fy;
      }
      return out;
    },
  };
}

/**
 * One channel of `pixels` (e.g. the alpha of RGBA: channels 4, channel 3), blurred, by rows. A wide
 * blur is computed on a grid shrunk so that sigma stays about 3 cells, then enlarged: the halo is
 * smooth at that scale, and the work shrinks with the square of the factor.
 */
export function blurChannelRows(pixels: Uint8Array, channels: number, channel: number, width: number, height: number, sigma: number): BlurredRows {
  const k = Math.floor(sigma / 3);
  if (k >= 2) {
    const small = shrink(pixels, channels, channel, width, height, k);
    small.data = boxBlur(small.data, small.width, small.height, sigma / k);
    return enlargedRows(small, width, k);
  }
  let a: Float32Array = new Float32Array(width * height);
  for (let i = 0; i < a.length; i += 1) a[i] = pixels[i * channels + channel]!;
  if (sigma >= 0.3) a = boxBlur(a, width, height, sigma);
  return { row: (y) => a.subarray(y * width, (y + 1) * width) };
}

/** A one-channel mask, blurred, as one array. */
export function blurMask(mask: Uint8Array, width: number, height: number, sigma: number): Float32Array {
  const rows = blurChannelRows(mask, 1, 0, width, height, sigma);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) out.set(rows.row(y), y * width);
  return out;
}
