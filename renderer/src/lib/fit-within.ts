/** The size of a width×height image scaled down (never up) to fit a box, keeping its aspect ratio. */
export function fitWithin(width: number, height: number, boxWidth: number, boxHeight: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: boxWidth, height: boxHeight };
  const scale = Math.min(1, boxWidth / width, boxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
