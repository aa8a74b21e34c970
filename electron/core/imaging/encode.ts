import type sharp from 'sharp';
import type { RenditionFormat } from './types';

/**
 * Encoder settings per format. Quality comes from the preset (PNG is lossless and ignores it). JPEG
 * keeps full colour resolution at high quality, where 4:2:0 would be the visible loss on product edges
 * and text; below 90 the saving is worth it. Effort stays at the libraries' defaults: exports are
 * interactive, and the default WebP/AVIF effort is where size stops improving much per second spent.
 */
export function encodeAs(pipeline: sharp.Sharp, format: RenditionFormat, quality: number): sharp.Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0', mozjpeg: false });
    case 'webp':
      return pipeline.webp({ quality });
    case 'avif':
      return pipeline.avif({ quality });
    case 'png':
      return pipeline.png({ compressionLevel: 6 });
  }
}

/** The file extension for a format (jpg, not jpeg: what every OS and channel expects). */
export function extensionFor(format: RenditionFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

/** Whether the format can carry transparency; JPEG needs alpha flattened. */
export function formatHasAlpha(format: RenditionFormat): boolean {
  return format !== 'jpeg';
}
