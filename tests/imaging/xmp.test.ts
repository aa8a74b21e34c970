import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isStrongroomError } from '../../electron/core/errors';
import { buildRightsXmp, DATA_MINING_URIS, escapeXmlText, MAX_XMP_BYTES } from '../../electron/core/imaging/xmp';
import { dataMiningValues } from '../../electron/core/imaging/types';
import { readTags } from './exiftool';
import { EMPTY_RIGHTS, FULL_RIGHTS } from './helpers';

describe('escapeXmlText', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXmlText(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
  });

  it('escapes an ampersand that already looks like an entity (no double meaning)', () => {
    expect(escapeXmlText('&amp; &#60; &lt;')).toBe('&amp;amp; &amp;#60; &amp;lt;');
  });

  it('keeps tab and newline, keeps CR as a character reference, drops what XML cannot carry', () => {
    expect(escapeXmlText('a\tb\nc\rd')).toBe('a\tb\nc&#xD;d');
    expect(escapeXmlText('x\u0000\u0001\u0008\u000b\u000c\u001f\u007f\u0085\u009fy')).toBe('xy');
    expect(escapeXmlText('\ufffe\uffffz')).toBe('z');
  });

  it('keeps non-ASCII text as it is, replaces lone surrogates', () => {
    expect(escapeXmlText('Zoë Ångström — 東京 😀')).toBe('Zoë Ångström — 東京 😀');
    expect(escapeXmlText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
  });

  it('leaves nothing that could close an element or open a new one', () => {
    const hostile = '</rdf:li></rdf:Alt></dc:rights><dc:creator>x</dc:creator><![CDATA[ ]]><!-- --><?pi?>';
    const out = escapeXmlText(hostile);
    expect(out).not.toMatch(/[<>]/);
    expect(out.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
  });
});

describe('buildRightsXmp', () => {
  it('writes nothing for an empty profile, or one with only blank fields', () => {
    expect(buildRightsXmp(EMPTY_RIGHTS)).toBeNull();
    expect(buildRightsXmp({ ...EMPTY_RIGHTS, creator: '  ', usageTerms: '' })).toBeNull();
  });

  it('builds a packet with the IPTC structures: Seq creator, x-default Alt rights, Seq of one Licensor struct', () => {
    const xmp = buildRightsXmp(FULL_RIGHTS)!;
    expect(xmp.startsWith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    expect(xmp.trimEnd().endsWith('<?xpacket end="r"?>')).toBe(true);
    expect(xmp).toMatch(/<dc:creator>\s*<rdf:Seq>\s*<rdf:li>Zoë Ångström — 東京 &lt;b&gt;&amp;&quot;&apos;<\/rdf:li>\s*<\/rdf:Seq>\s*<\/dc:creator>/);
    expect(xmp).toMatch(/<dc:rights>\s*<rdf:Alt>\s*<rdf:li xml:lang="x-default">© 2025/);
    expect(xmp).toMatch(/<xmpRights:UsageTerms>\s*<rdf:Alt>\s*<rdf:li xml:lang="x-default">/);
    expect(xmp).toMatch(/<plus:OtherConstraints>\s*<rdf:Alt>\s*<rdf:li xml:lang="x-default">/);
    expect(xmp).toMatch(/<plus:Licensor>\s*<rdf:Seq>\s*<rdf:li rdf:parseType="Resource">\s*<plus:LicensorName>Ångström &amp; Söhne &lt;GmbH&gt;<\/plus:LicensorName>/);
    expect(xmp).toContain('<xmpRights:Marked>True</xmpRights:Marked>');
    expect(xmp).toContain('<plus:DataMining>http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING</plus:DataMining>');
    expect(xmp).toContain('xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"');
    // Every < in the packet opens markup the builder wrote, never one from a value.
    expect(xmp).not.toMatch(/<b>|<GmbH>|<ads>|<TDM>|<2>/);
  });

  it('marks the image as copyrighted only when there is a notice', () => {
    expect(buildRightsXmp({ ...EMPTY_RIGHTS, creator: 'A' })).not.toContain('xmpRights:Marked');
    expect(buildRightsXmp({ ...EMPTY_RIGHTS, copyrightNotice: '© A' })).toContain('<xmpRights:Marked>True</xmpRights:Marked>');
  });

  it('writes a licensor struct with only the fields that are set', () => {
    const xmp = buildRightsXmp({ ...EMPTY_RIGHTS, licensorUrl: 'https://example.com/l' })!;
    expect(xmp).toContain('<plus:LicensorURL>https://example.com/l</plus:LicensorURL>');
    expect(xmp).not.toContain('LicensorName');
    expect(xmp).not.toContain('LicensorEmail');
  });

  it('maps every data-mining value to its PLUS URI', () => {
    expect(Object.keys(DATA_MINING_URIS).sort()).toEqual([...dataMiningValues].sort());
    for (const value of dataMiningValues) {
      expect(buildRightsXmp({ ...EMPTY_RIGHTS, dataMining: value })).toContain(`<plus:DataMining>${DATA_MINING_URIS[value]}</plus:DataMining>`);
    }
  });

  it('refuses a profile too long to embed, saying what to shorten', () => {
    const long = { ...EMPTY_RIGHTS, usageTerms: 'x'.repeat(MAX_XMP_BYTES) };
    try {
      buildRightsXmp(long);
      expect.unreachable('a 65 kB usage text must be refused');
    } catch (err) {
      expect(isStrongroomError(err, 'INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).message).toMatch(/too long to embed.*usage terms/);
    }
  });
});

describe('the packet, read back by ExifTool', () => {
  const carrier = (xmp: string) => sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).withXmp(xmp).png().toBuffer();

  it('reads every field back exactly, including non-ASCII and XML specials', async () => {
    const tags = await readTags(await carrier(buildRightsXmp(FULL_RIGHTS)!));
    expect(tags['XMP-dc:Creator']).toEqual([FULL_RIGHTS.creator]);
    expect(tags['XMP-dc:Rights']).toBe(FULL_RIGHTS.copyrightNotice);
    expect(tags['XMP-photoshop:Credit']).toBe(FULL_RIGHTS.creditLine);
    expect(tags['XMP-xmpRights:WebStatement']).toBe(FULL_RIGHTS.webStatement);
    expect(tags['XMP-xmpRights:UsageTerms']).toBe(FULL_RIGHTS.usageTerms);
    expect(tags['XMP-xmpRights:Marked']).toBe(true);
    expect(tags['XMP-plus:Licensor']).toEqual([
      { LicensorName: FULL_RIGHTS.licensorName, LicensorURL: FULL_RIGHTS.licensorUrl, LicensorEmail: FULL_RIGHTS.licensorEmail },
    ]);
    expect(tags['XMP-plus:DataMining']).toBe('Prohibited for Generative AI/ML training');
    expect(tags['XMP-plus:OtherConstraints']).toBe(FULL_RIGHTS.otherConstraints);
    expect(Object.keys(tags).filter((k) => k.startsWith('XMP')).sort()).toEqual(
      [
        'XMP-dc:Creator',
        'XMP-dc:Rights',
        'XMP-photoshop:Credit',
        'XMP-plus:DataMining',
        'XMP-plus:Licensor',
        'XMP-plus:OtherConstraints',
        'XMP-xmpRights:Marked',
        'XMP-xmpRights:UsageTerms',
        'XMP-xmpRights:WebStatement',
      ].sort(),
    );
  });

  it('keeps a CR inside a value, and values made only of markup', async () => {
    const profile = { ...EMPTY_RIGHTS, usageTerms: 'one\r\ntwo', creditLine: '</photoshop:Credit><x>' };
    const tags = await readTags(await carrier(buildRightsXmp(profile)!));
    expect(tags['XMP-xmpRights:UsageTerms']).toBe('one\r\ntwo');
    expect(tags['XMP-photoshop:Credit']).toBe('</photoshop:Credit><x>');
  });

  it('writes each data-mining value as a PLUS vocabulary term that ExifTool knows by name', async () => {
    // ExifTool's print names for the PLUS terms (PLUS.pm); -n shows the term with the vocabulary prefix removed.
    const names: Record<(typeof dataMiningValues)[number], string> = {
      unspecified: 'Unspecified - no prohibition defined',
      allowed: 'Allowed',
      'prohibited-ai': 'Prohibited for AI/ML training',
      'prohibited-genai': 'Prohibited for Generative AI/ML training',
      'prohibited-except-search': 'Prohibited except for search engine indexing',
      prohibited: 'Prohibited',
      'prohibited-see-constraints': 'Prohibited, see plus:OtherConstraints',
    };
    for (const value of dataMiningValues) {
      const image = await carrier(buildRightsXmp({ ...EMPTY_RIGHTS, dataMining: value })!);
      const [named, raw] = await Promise.all([readTags(image), readTags(image, { args: ['-n'] })]);
      expect(named['XMP-plus:DataMining'], value).toBe(names[value]);
      expect(raw['XMP-plus:DataMining'], value).toBe(DATA_MINING_URIS[value].replace('http://ns.useplus.org/ldf/vocab/', ''));
    }
  });
});
