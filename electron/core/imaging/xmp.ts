import { StrongroomError } from '../errors';
import type { DataMining, RightsProfile } from './types';

/**
 * The rights profile as an XMP packet. No XML library is bundled, and the packet has a fixed shape, so
 * it is built here from a handful of node helpers; every value goes through escapeXmlText, which is the
 * whole of the injection surface and is tested on its own.
 *
 * Properties (IPTC Photo Metadata 2023.1; IPTC Core lives in the dc, photoshop and xmpRights
 * namespaces, the Extension's licensing properties in PLUS):
 *   dc:creator (Seq)                creator
 *   dc:rights (Alt, x-default)      copyright notice
 *   xmpRights:Marked                True when there is a copyright notice
 *   photoshop:Credit                credit line
 *   xmpRights:WebStatement          web statement of rights (URL)
 *   xmpRights:UsageTerms (Alt)      usage terms
 *   plus:Licensor (Seq of one struct: LicensorName, LicensorURL, LicensorEmail)
 *   plus:DataMining                 a PLUS vocabulary URI (see DATA_MINING_URIS)
 *   plus:OtherConstraints (Alt)     other constraints
 * Nothing else is written: no tool name, no dates, nothing about the source file.
 */
export const XMP_NAMESPACES = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
} as const;

/** The IPTC 2023.1 Data Mining values (PLUS vocabulary), in the order of dataMiningValues. */
export const DATA_MINING_URIS: Readonly<Record<DataMining, string>> = {
  unspecified: 'http://ns.useplus.org/ldf/vocab/DMI-UNSPECIFIED',
  allowed: 'http://ns.useplus.org/ldf/vocab/DMI-ALLOWED',
  'prohibited-ai': 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING',
  'prohibited-genai': 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING',
  'prohibited-except-search': 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING',
  prohibited: 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED',
  'prohibited-see-constraints': 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-SEECONSTRAINT',
};

/**
 * A JPEG APP1 segment holds at most 65,533 bytes including the 29-byte XMP signature; JPEG's extended
 * XMP would be needed beyond that, and no rights profile comes close (the API caps the fields well
 * below). Checked here so a too-long profile fails with a message instead of a broken file.
 */
export const MAX_XMP_BYTES = 65_000;

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF) and C1 controls and DEL,
 * which it can but no reader shows sensibly: dropped. The API already refuses them in rights fields.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNWRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;
/** A UTF-16 surrogate without its partner is not a character; it would become U+FFFD in UTF-8 anyway. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text for an XML element or attribute value: the five XML specials escaped, CR kept as a character
 * reference (a parser would otherwise turn CR LF into LF), tab and LF kept, the unwritable dropped.
 */
export function escapeXmlText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(UNWRITABLE, '')
    .replace(/[&<>"'\r]/g, (ch) => {
      switch (ch) {
        case '&':
          return '&amp;';
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '"':
          return '&quot;';
        case "'":
          return '&apos;';
        default:
          return '&#xD;';
      }
    });
}

/** What a value becomes in the packet; blank values are left out like nulls. */
function present(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}

const simple = (name: string, value: string) => `   <${name}>${escapeXmlText(value)}</${name}>`;

const langAlt = (name: string, value: string) =>
  [`   <${name}>`, '    <rdf:Alt>', `     <rdf:li xml:lang="x-default">${escapeXmlText(value)}</rdf:li>`, '    </rdf:Alt>', `   </${name}>`].join('\n');

const seq = (name: string, values: string[]) =>
  [`   <${name}>`, '    <rdf:Seq>', ...values.map((v) => `     <rdf:li>${escapeXmlText(v)}</rdf:li>`), '    </rdf:Seq>', `   </${name}>`].join('\n');

function licensor(profile: RightsProfile): string | null {
  const fields: [string, string | null][] = [
    ['plus:LicensorName', profile.licensorName],
    ['plus:LicensorURL', profile.licensorUrl],
    ['plus:LicensorEmail', profile.licensorEmail],
  ];
  const set = fields.filter((f): f is [string, string] => present(f[1]));
  if (set.length === 0) return null;
  return [
    '   <plus:Licensor>',
    '    <rdf:Seq>',
    '     <rdf:li rdf:parseType="Resource">',
    ...set.map(([name, value]) => `      <${name}>${escapeXmlText(value)}</${name}>`),
    '     </rdf:li>',
    '    </rdf:Seq>',
    '   </plus:Licensor>',
  ].join('\n');
}

/**
 * The packet for a rights profile, or null when the profile says nothing (an output then carries no
 * XMP at all). The result is a complete, read-only (`end="r"`) packet in UTF-8 once encoded.
 */
export function buildRightsXmp(profile: RightsProfile): string | null {
  const props: string[] = [];
  if (present(profile.creator)) props.push(seq('dc:creator', [profile.creator]));
  if (present(profile.copyrightNotice)) {
    props.push(langAlt('dc:rights', profile.copyrightNotice));
    props.push(simple('xmpRights:Marked', 'True'));
  }
  if (present(profile.creditLine)) props.push(simple('photoshop:Credit', profile.creditLine));
  if (present(profile.webStatement)) props.push(simple('xmpRights:WebStatement', profile.webStatement));
  if (present(profile.usageTerms)) props.push(langAlt('xmpRights:UsageTerms', profile.usageTerms));
  const lic = licensor(profile);
  if (lic) props.push(lic);
  if (profile.dataMining !== null) props.push(simple('plus:DataMining', DATA_MINING_URIS[profile.dataMining]));
  if (present(profile.otherConstraints)) props.push(langAlt('plus:OtherConstraints', profile.otherConstraints));
  if (props.length === 0) return null;

  const ns = (prefix: keyof typeof XMP_NAMESPACES) => `    xmlns:${prefix}="${XMP_NAMESPACES[prefix]}"`;
  const packet = [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    `<x:xmpmeta xmlns:x="${XMP_NAMESPACES.x}">`,
    ` <rdf:RDF xmlns:rdf="${XMP_NAMESPACES.rdf}">`,
    '  <rdf:Description rdf:about=""',
    ns('dc'),
    ns('photoshop'),
    ns('xmpRights'),
    `${ns('plus')}>`,
    ...props,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
  const bytes = Buffer.byteLength(packet, 'utf8');
  if (bytes > MAX_XMP_BYTES) {
    throw new StrongroomError(
      'INVALID_ARGUMENT',
      `the rights profile is too long to embed in an image (${bytes} bytes of XMP, at most ${MAX_XMP_BYTES}); shorten the usage terms or other constraints`,
    );
  }
  return packet;
}
