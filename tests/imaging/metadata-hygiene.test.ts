import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStrongroomError } from '../../electron/core/errors';
import { renderImage } from '../../electron/core/imaging/render';
import type { RenditionFormat } from '../../electron/core/imaging/types';
import { readTags, readTagsOfFiles, type Tags } from './exiftool';
import { EMPTY_RIGHTS, FULL_RIGHTS, fixture, fixturesIn, rendition } from './helpers';

/**
 * Every fixture in metadata/ and photos/, rendered to every output format with a full rights profile,
 * read back by ExifTool: nothing of the source's metadata may survive, and every rights field must
 * read back exactly. Tags are compared against an allowlist, so metadata nobody thought of fails too.
 */
const SOURCES = [...fixturesIn('metadata'), ...fixturesIn('photos')];
/** Sources the renderer must refuse, and what it has to say. */
const REFUSED: Record<string, RegExp> = { 'metadata/QuickTime.heic': /HEIC.*HEVC/ };
const FORMATS: RenditionFormat[] = ['jpeg', 'webp', 'png', 'avif'];

/** What an output may carry, as ExifTool -G0:1 names it ("Family0:Family1:Tag"; Family1 omitted when equal to Family0). */
const ALLOWED: RegExp[] = [
  /^SourceFile$/,
  /^ExifTool:ExifToolVersion$/,
  /^File:System:/,
  /^File:(FileType|FileTypeExtension|MIMEType|ExifByteOrder|ImageWidth|ImageHeight|EncodingProcess|BitsPerSample|ColorComponents|YCbCrSubSampling)$/,
  // libvips' fixed EXIF skeleton (resolution, orientation 1, sizes), the two rights tags, and ColorSpace = sRGB.
  /^EXIF:IFD0:(Artist|Copyright|Orientation|XResolution|YResolution|ResolutionUnit|YCbCrPositioning)$/,
  /^EXIF:ExifIFD:(ExifVersion|ComponentsConfiguration|FlashpixVersion|ColorSpace|ExifImageWidth|ExifImageHeight)$/,
  /^XMP:XMP-dc:(Creator|Rights)$/,
  /^XMP:XMP-photoshop:Credit$/,
  /^XMP:XMP-xmpRights:(Marked|UsageTerms|WebStatement)$/,
  /^XMP:XMP-plus:(Licensor|DataMining|OtherConstraints)$/,
  /^ICC_Profile:/,
  /^Composite:(ImageSize|Megapixels)$/,
  // Container structure of each format.
  /^PNG:(ImageWidth|ImageHeight|BitDepth|ColorType|Compression|Filter|Interlace|ProfileName)$/,
  /^PNG:PNG-pHYs:(PixelUnits|PixelsPerUnitX|PixelsPerUnitY)$/,
  /^RIFF:(WebP_Flags|ImageWidth|ImageHeight|VP8Version|HorizontalScale|VerticalScale|AlphaPreprocessing|AlphaFiltering|AlphaCompression)$/,
  /^QuickTime:(MajorBrand|MinorVersion|CompatibleBrands|HandlerType|AV1ConfigurationVersion|ChromaFormat|ChromaSamplePosition|ImageSpatialExtent|ImagePixelDepth|MediaDataSize|MediaDataOffset|AuxiliaryImageType)$/,
  /^QuickTime:Meta:PrimaryItemReference$/,
];
/** Named separately so a failure says what leaked. */
const LEAKS: [string, RegExp][] = [
  ['GPS', /GPS/i],
  ['maker notes', /^MakerNotes:/],
  ['a serial number', /Serial/i],
  ['IPTC', /^IPTC:|^Photoshop:/],
  ['a comment', /Comment/i],
  ['an EXIF thumbnail', /^EXIF:IFD1:|Thumbnail|PreviewImage/i],
  ['camera, lens, owner or software', /^EXIF:[^:]+:(Make|Model|Lens\w*|OwnerName|CameraOwnerName|Software|HostComputer|Artist2?|DateTime\w*|CreateDate|ModifyDate)$/],
  ['source XMP', /^XMP:XMP-(?!dc:|photoshop:Credit|xmpRights:|plus:)/],
];

let dir: string;
const outputs = new Map<string, string>(); // `${source} → ${format}` → output file
const failures = new Map<string, unknown>();
let tagsOf: Map<string, Tags>;
let sourceTags: Map<string, Tags>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-imaging-meta-'));
  for (const source of SOURCES) {
    const original = readFileSync(fixture(source));
    for (const format of FORMATS) {
      try {
        const out = await renderImage(original, { rendition: rendition({ size: { mode: 'long-edge', longEdge: 320 }, format, quality: 80, sharpen: true }), rights: FULL_RIGHTS });
        const file = path.join(dir, `${source.replace('/', '--')}.${format}`);
        writeFileSync(file, out.data);
        outputs.set(`${source} → ${format}`, file);
      } catch (err) {
        failures.set(`${source} → ${format}`, err);
      }
    }
  }
  const keys = [...outputs.keys()];
  const read = await readTagsOfFiles(keys.map((k) => outputs.get(k)!), { groups: '-G0:1' });
  tagsOf = new Map(keys.map((k, i) => [k, read[i]!]));
  const sources = await readTagsOfFiles(SOURCES.map(fixture), { groups: '-G0:1' });
  sourceTags = new Map(SOURCES.map((s, i) => [s, sources[i]!]));
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('metadata hygiene on every fixture', () => {
  it('renders every fixture to every format, refusing only what it must, with a specific reason', () => {
    expect(SOURCES.length).toBeGreaterThanOrEqual(25);
    for (const [key, err] of failures) {
      const source = key.split(' → ')[0]!;
      expect(REFUSED[source], `${key} failed: ${(err as Error).message}`).toBeDefined();
      expect(isStrongroomError(err, 'INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).message).toMatch(REFUSED[source]!);
    }
    expect(outputs.size).toBe((SOURCES.length - Object.keys(REFUSED).length) * FORMATS.length);
  });

  it('starts from sources that really carry what must be removed (so this test can fail)', () => {
    const all = [...sourceTags.values()].flatMap((t) => Object.keys(t));
    for (const [what, pattern] of LEAKS) expect(all.some((k) => pattern.test(k)), `no fixture has ${what}`).toBe(true);
    expect(Object.keys(sourceTags.get('metadata/GPS.jpg')!).some((k) => /^EXIF:GPS:GPSLatitude$/.test(k))).toBe(true);
    expect(Object.keys(sourceTags.get('metadata/Canon.jpg')!).some((k) => k.startsWith('MakerNotes:'))).toBe(true);
    expect(Object.keys(sourceTags.get('metadata/IPTC.jpg')!).some((k) => k.startsWith('IPTC:'))).toBe(true);
  });

  it('leaves no GPS, maker notes, serial numbers, IPTC, comments, thumbnails or source XMP in any output', () => {
    const problems: string[] = [];
    for (const [key, tags] of tagsOf) {
      for (const tag of Object.keys(tags)) {
        for (const [what, pattern] of LEAKS) if (pattern.test(tag) && !ALLOWED.some((a) => a.test(tag))) problems.push(`${key}: ${what} (${tag})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes nothing but the allowlisted tags, and ExifTool finds nothing wrong', () => {
    const problems: string[] = [];
    for (const [key, tags] of tagsOf) {
      for (const tag of Object.keys(tags)) if (!ALLOWED.some((a) => a.test(tag))) problems.push(`${key}: ${tag} = ${JSON.stringify(tags[tag])}`);
    }
    expect(problems).toEqual([]);
  });

  it('reads every rights field back exactly, in EXIF and XMP, in every format', () => {
    for (const [key, t] of tagsOf) {
      const at = (tag: string) => [key, tag].join(' ');
      expect(t['EXIF:IFD0:Artist'], at('Artist')).toBe(FULL_RIGHTS.creator);
      expect(t['EXIF:IFD0:Copyright'], at('Copyright')).toBe(FULL_RIGHTS.copyrightNotice);
      expect(t['EXIF:ExifIFD:ColorSpace'], at('ColorSpace')).toBe('sRGB');
      expect(t['XMP:XMP-dc:Creator'], at('Creator')).toEqual([FULL_RIGHTS.creator]);
      expect(t['XMP:XMP-dc:Rights'], at('Rights')).toBe(FULL_RIGHTS.copyrightNotice);
      expect(t['XMP:XMP-photoshop:Credit'], at('Credit')).toBe(FULL_RIGHTS.creditLine);
      expect(t['XMP:XMP-xmpRights:WebStatement'], at('WebStatement')).toBe(FULL_RIGHTS.webStatement);
      expect(t['XMP:XMP-xmpRights:UsageTerms'], at('UsageTerms')).toBe(FULL_RIGHTS.usageTerms);
      expect(t['XMP:XMP-xmpRights:Marked'], at('Marked')).toBe(true);
      expect(t['XMP:XMP-plus:Licensor'], at('Licensor')).toEqual([
        { LicensorName: FULL_RIGHTS.licensorName, LicensorURL: FULL_RIGHTS.licensorUrl, LicensorEmail: FULL_RIGHTS.licensorEmail },
      ]);
      expect(t['XMP:XMP-plus:DataMining'], at('DataMining')).toBe('Prohibited for Generative AI/ML training');
      expect(t['XMP:XMP-plus:OtherConstraints'], at('OtherConstraints')).toBe(FULL_RIGHTS.otherConstraints);
    }
  });

  it('tags every output with the sRGB profile', () => {
    for (const [key, t] of tagsOf) expect(t['ICC_Profile:ProfileDescription'], key).toBe('sRGB');
  });
});

describe('rights edge cases', () => {
  const original = () => readFileSync(fixture('metadata/GPS.jpg'));

  it('writes no EXIF rights and no XMP at all for an empty profile', async () => {
    const out = await renderImage(original(), { rendition: rendition(), rights: EMPTY_RIGHTS });
    const tags = await readTags(out.data, { groups: '-G0:1' });
    expect(Object.keys(tags).filter((k) => k.startsWith('XMP') || k.startsWith('EXIF') || k.includes('GPS'))).toEqual([]);
    expect(tags['ICC_Profile:ProfileDescription']).toBe('sRGB');
  });

  it('keeps EXIF text that libvips would cut or transliterate: "(…)" endings, ©, CJK, long values', async () => {
    for (const [creator, copyrightNotice] of [
      ['Ann (Studio)', '© Shop (Example Ltd)'],
      ['東京写真', 'x'.repeat(300)],
      ['A', 'Line one\nline two'],
    ] as const) {
      for (const format of FORMATS) {
        const out = await renderImage(original(), { rendition: rendition({ format, size: { mode: 'long-edge', longEdge: 64 } }), rights: { ...EMPTY_RIGHTS, creator, copyrightNotice } });
        const tags = await readTags(out.data);
        expect(tags['IFD0:Artist'], `${format} ${creator}`).toBe(creator);
        expect(tags['IFD0:Copyright'], `${format} ${copyrightNotice}`).toBe(copyrightNotice);
        expect(tags['ExifTool:Warning'], format).toBeUndefined();
      }
    }
  });

  it('writes only the fields that are set', async () => {
    const out = await renderImage(original(), { rendition: rendition({ format: 'webp' }), rights: { ...EMPTY_RIGHTS, dataMining: 'prohibited', otherConstraints: 'none' } });
    const tags = await readTags(out.data);
    expect(Object.keys(tags).filter((k) => k.startsWith('XMP') || k.startsWith('IFD0:Artist') || k.startsWith('IFD0:Copyright')).sort()).toEqual([
      'XMP-plus:DataMining',
      'XMP-plus:OtherConstraints',
    ]);
    expect(tags['XMP-plus:DataMining']).toBe('Prohibited');
  });
});
