import * as exifrModule from 'exifr';

// exifr's ESM build puts some functions only on the namespace and others only on the default export.
type Exifr = typeof exifrModule.default;
const exifr: Pick<Exifr, 'parse' | 'sidecar'> = {
  parse: exifrModule.parse ?? exifrModule.default.parse,
  sidecar: (exifrModule as unknown as Partial<Exifr>).sidecar ?? exifrModule.default.sidecar,
};
import type { NormalizedMetadata } from '../catalog/types';

/**
 * Reads EXIF, GPS, IPTC, XMP and ICC with exifr and condenses them to the fields the catalog indexes,
 * keeping everything else as JSON. Damaged metadata never stops an import: what can be read is kept
 * and the parser's complaints are recorded alongside.
 */
export interface MetadataResult {
  normalized: NormalizedMetadata;
  raw: Record<string, unknown>;
}

type Group = Record<string, unknown>;

const BLOCK_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  iptc: true,
  icc: true,
  ihdr: true,
  xmp: false,
  interop: false,
  makerNote: false,
  userComment: false,
  mergeOutput: false,
  translateValues: false,
  reviveValues: true,
  sanitize: true,
} as const;

/** JSON-safe copy: dates as ISO strings, byte arrays summarised, functions and errors dropped. */
function toJsonSafe(value: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return { bytes: value.length };
  if (Array.isArray(value)) return value.slice(0, 1000).map((v) => toJsonSafe(v, depth + 1));
  if (value && typeof value === 'object') {
    if (value instanceof Error) return value.message;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v, depth + 1);
    return out;
  }
  if (typeof value === 'string') return value.replace(/\0+$/, '');
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** XMP packets may be UTF-16 (ExifTool writes such files); exifr handles only UTF-8, so decode first. */
function decodeXmp(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return new TextDecoder('utf-16le').decode(bytes);
  return bytes.toString('utf8');
}

async function readXmp(buf: Buffer, errors: string[]): Promise<Group | undefined> {
  try {
    const raw = (await exifr.parse(buf, { xmp: { parse: false }, tiff: false, mergeOutput: false, multiSegment: true })) as
      | { xmp?: string }
      | undefined;
    if (!raw?.xmp) return undefined;
    const text = decodeXmp(raw.xmp).replace(/^\uFEFF/, '');
    const parsed = (await exifr.sidecar(Buffer.from(text, 'utf8'), { mergeOutput: false }, 'xmp')) as Group | undefined;
    if (parsed) delete parsed.xmlns;
    return parsed;
  } catch (err) {
    errors.push(`xmp: ${(err as Error).message}`);
    return undefined;
  }
}

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.replace(/\0+$/, '').trim() || undefined;
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(', ') || undefined;
  if (v && typeof v === 'object' && 'value' in v) return str((v as { value: unknown }).value);
  if (typeof v === 'number') return String(v);
  return undefined;
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): string[] | undefined => {
  const items = (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(str).filter((s): s is string => Boolean(s));
  return items.length ? items : undefined;
};
const first = <T>(...values: (T | undefined)[]): T | undefined => values.find((v) => v !== undefined);
const time = (v: unknown): number | undefined => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.getTime() : undefined);

function normalize(groups: Record<string, Group | undefined>): NormalizedMetadata {
  const ifd0 = groups.ifd0 ?? {};
  const exif = groups.exif ?? {};
  const gps = groups.gps ?? {};
  const iptc = groups.iptc ?? {};
  const icc = groups.icc ?? {};
  const xmp = groups.xmp ?? {};
  const dc = (xmp.dc ?? {}) as Group;
  const ps = (xmp.photoshop ?? {}) as Group;
  const aux = (xmp.aux ?? {}) as Group;
  const altitude = num(gps.GPSAltitude);
  const meta: NormalizedMetadata = {
    cameraMake: str(ifd0.Make),
    cameraModel: str(ifd0.Model),
    lens: first(str(exif.LensModel), str(aux.Lens)),
    serialNumber: first(str(exif.BodySerialNumber), str(exif.SerialNumber), str(aux.SerialNumber)),
    iso: num(exif.ISO),
    exposureTime: num(exif.ExposureTime),
    fNumber: num(exif.FNumber),
    focalLength: num(exif.FocalLength),
    gpsLatitude: num(gps.latitude),
    gpsLongitude: num(gps.longitude),
    gpsAltitude: altitude === undefined ? undefined : gps.GPSAltitudeRef === 1 ? -altitude : altitude,
    // Metadata Working Group precedence: EXIF, then XMP, then IPTC-IIM.
    creator: first(str(ifd0.Artist), str(dc.creator), str(iptc.Byline)),
    copyright: first(str(ifd0.Copyright), str(dc.rights), str(iptc.CopyrightNotice)),
    headline: first(str(ps.Headline), str(iptc.Headline)),
    caption: first(str(ifd0.ImageDescription), str(dc.description), str(iptc.Caption)),
    keywords: first(list(dc.subject), list(iptc.Keywords)),
    city: first(str(ps.City), str(iptc.City)),
    country: first(str(ps.Country), str(iptc.Country)),
    software: str(ifd0.Software),
    colorProfile: str(icc.ProfileDescription),
    captureTime: first(time(exif.DateTimeOriginal), time(exif.CreateDate)),
    title: first(str(dc.title), str(iptc.ObjectName)),
  };
  for (const key of Object.keys(meta) as (keyof NormalizedMetadata)[]) if (meta[key] === undefined) delete meta[key];
  return meta;
}

export async function readMetadata(buf: Buffer): Promise<MetadataResult> {
  const errors: string[] = [];
  let blocks: Record<string, Group | undefined> = {};
  try {
    blocks = ((await exifr.parse(buf, BLOCK_OPTIONS)) ?? {}) as Record<string, Group | undefined>;
  } catch (err) {
    errors.push((err as Error).message);
  }
  const parserErrors = (blocks as { errors?: unknown[] }).errors;
  if (Array.isArray(parserErrors)) errors.push(...parserErrors.map((e) => String((e as Error)?.message ?? e)));
  delete (blocks as { errors?: unknown }).errors;
  const xmp = await readXmp(buf, errors);
  const groups = { ...blocks, ...(xmp ? { xmp } : {}) };
  const raw = toJsonSafe(groups) as Record<string, unknown>;
  if (errors.length) raw.errors = errors;
  return { normalized: normalize(groups), raw };
}
