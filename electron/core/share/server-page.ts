import type { ShareRecord } from './types';

/** The page's only styling: inline, allowed by its hash in the CSP; no script at all. */
export const PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#222;background:#fafafa}' +
  'img{max-width:100%;height:auto;display:block;margin:0 auto 8px}figure{margin:0 0 32px}' +
  'form{margin:16px 0}input,button{font:inherit;padding:6px 10px}.terms{white-space:pre-wrap;border:1px solid #ccc;padding:12px;background:#fff}' +
  '.muted{color:#666;font-size:14px}';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow, noai, noimageai">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>` +
    `<body>${body}</body></html>`;
}

/** The one page for every link that does not work: it must not differ by reason. */
export const GONE_PAGE = layout('Link not available', '<h1>This link is no longer available</h1><p>Ask the sender for a new one.</p>');
export const FORBIDDEN_PAGE = layout('Not allowed', '<h1>Not allowed</h1><p>Open the link itself to continue.</p>');
export const TOO_MANY_PAGE = layout('Too many attempts', '<h1>Too many attempts</h1><p>Try again later.</p>');
export const METHOD_PAGE = layout('Not allowed', '<h1>Method not allowed</h1>');

function header(shop: string): string {
  return shop ? `<h1>${escapeHtml(shop)}</h1>` : '<h1>Shared images</h1>';
}

function expiry(share: ShareRecord): string {
  return share.expiresAt === null ? '' : `<p class="muted">This link expires on ${escapeHtml(new Date(share.expiresAt).toUTCString())}.</p>`;
}

/** Link previews get a title and nothing else: no image, no recipient, nothing that counts. */
export function botPage(shop: string): string {
  return layout(shop || 'Shared images', header(shop));
}

/** `base` is the link's own path (/s/TOKEN/): the recipient already holds it, so it may appear here. */
export function passwordPage(shop: string, base: string, wrong: boolean): string {
  return layout(
    shop || 'Shared images',
    header(shop) +
      `<form method="post" action="${base}password"><label>Password <input type="password" name="password" autocomplete="current-password" autofocus required></label> <button>Open</button></form>` +
      (wrong ? '<p>That password is not right.</p>' : ''),
  );
}

export function termsPage(shop: string, base: string, terms: string): string {
  return layout(
    shop || 'Shared images',
    `${header(shop)}<p>Please read and accept the terms of use first.</p><div class="terms">${escapeHtml(terms)}</div>` +
      `<form method="post" action="${base}terms"><input type="hidden" name="accept" value="1"><button>I accept</button></form>`,
  );
}

export function imagesPage(shop: string, base: string, share: ShareRecord, downloads: boolean): string {
  const figures = share.assets
    .map(
      (a) =>
        `<figure><img src="${base}i/${a.position}" width="${a.width}" height="${a.height}" alt="Image ${a.position}">` +
        (downloads ? `<a href="${base}d/${a.position}" download="${escapeHtml(a.downloadName)}">Download ${escapeHtml(a.downloadName)}</a>` : '') +
        '</figure>',
    )
    .join('');
  return layout(shop || 'Shared images', `${header(shop)}${expiry(share)}${figures}`);
}
