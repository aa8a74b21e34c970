import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { apiEvents, apiMethods } from '../../shared/api/contract';
import { shareExpirySchema, shareOptionsSchema, sharePolicySchema, shareServerSettingsSchema } from '../../shared/api/share-contract';
import { QR_QUIET_ZONE, qrMatrix } from '../../renderer/src/lib/qr-matrix';
import { expiryFromChoice, formFromPolicy, formToOptions, formToPolicy, parseLimitText } from '../../renderer/src/lib/share-form';
import { countWithLimit, describeLogEntry, recipientLabel } from '../../renderer/src/lib/share-labels';

/** The share contract's schemas, the Adjust form's conversion to them, and the QR code's modules. */
const policy = { expiry: '1d' as const, maxViews: null, maxDownloads: 5, viewOnly: false, renditionPresetId: 'builtin-web', watermarkPresetId: null, terms: null };
const NOW = Date.UTC(2026, 0, 10, 12);

describe('share contract', () => {
  it('is part of the one method and event table', () => {
    for (const m of ['shares.create', 'shares.list', 'shares.get', 'shares.revoke', 'shares.extend', 'shares.change', 'shares.delete', 'shares.getPolicy', 'shares.setPolicy', 'shareServer.get', 'shareServer.set']) {
      expect(Object.keys(apiMethods)).toContain(m);
    }
    expect(Object.keys(apiEvents)).toEqual(expect.arrayContaining(['shares.opened', 'shares.changed']));
  });

  it('expiry: a quick choice, an instant or an explicit never; nothing else', () => {
    expect(shareExpirySchema.parse({ kind: 'in', preset: '30d' })).toEqual({ kind: 'in', preset: '30d' });
    expect(shareExpirySchema.parse({ kind: 'never' })).toEqual({ kind: 'never' });
    for (const bad of [{ kind: 'in', preset: '2d' }, { kind: 'in' }, 'never', null, { kind: 'at', at: 1.5 }, { kind: 'at', at: -5 }, { kind: 'never', at: 1 }]) {
      expect(shareExpirySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('options: limits ≥ 1, e-mail shaped, unknown fields refused, expiry required', () => {
    expect(shareOptionsSchema.safeParse({ expiry: { kind: 'never' } }).success).toBe(true);
    expect(shareOptionsSchema.safeParse({ expiry: { kind: 'in', preset: '1h' }, recipient: { email: '' } }).success).toBe(true);
    for (const bad of [{}, { expiry: { kind: 'never' }, maxViews: 0 }, { expiry: { kind: 'never' }, recipient: { email: 'x' } }, { expiry: { kind: 'never' }, recipient: { phone: '1' } }, { expiry: { kind: 'never' }, shareId: 'x' }]) {
      expect(shareOptionsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('the default policy can never be "never" or a date; server settings are bounded', () => {
    expect(sharePolicySchema.safeParse(policy).success).toBe(true);
    expect(sharePolicySchema.safeParse({ ...policy, expiry: 'never' }).success).toBe(false);
    expect(sharePolicySchema.safeParse({ ...policy, password: 'x' }).success).toBe(false);
    const server = { bind: 'loopback', port: null, publicBaseUrl: null, keepWholeIp: false };
    expect(shareServerSettingsSchema.safeParse(server).success).toBe(true);
    expect(shareServerSettingsSchema.safeParse({ ...server, port: 0 }).success).toBe(false);
    expect(shareServerSettingsSchema.safeParse({ ...server, publicBaseUrl: 'https://a.example/share' }).success).toBe(true);
    expect(shareServerSettingsSchema.safeParse({ ...server, publicBaseUrl: 'javascript:alert(1)' }).success).toBe(false);
  });
});

describe('the Adjust form', () => {
  const form = formFromPolicy(policy);

  it('starts from the default policy; empty boxes mean no limit', () => {
    expect(form).toMatchObject({ expiry: '1d', maxViews: '', maxDownloads: '5', watermarkPresetId: '', password: '' });
    const parsed = formToOptions(form, NOW);
    expect(parsed).toEqual({
      ok: true,
      value: {
        expiry: { kind: 'in', preset: '1d' },
        maxViews: null,
        maxDownloads: 5,
        viewOnly: false,
        password: null,
        recipient: { name: null, company: null, email: null },
        renditionPresetId: 'builtin-web',
        watermarkPresetId: null,
        terms: null,
        note: null,
      },
    });
  });

  it('reports every bad field at once, named as the form names them', () => {
    const parsed = formToOptions({ ...form, maxViews: '0', maxDownloads: 'ten', expiry: 'date', expiryDate: '' }, NOW);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors).sort()).toEqual(['expiryDate', 'maxDownloads', 'maxViews']);
    const email = formToOptions({ ...form, recipientEmail: 'ada at example' }, NOW);
    expect(email.ok ? null : email.errors).toEqual({ recipientEmail: expect.stringMatching(/e-mail/) as unknown as string });
  });

  it('a date must lie ahead; "never" is sent as the explicit never', () => {
    expect(expiryFromChoice('date', '2020-01-01T10:00', NOW)).toMatchObject({ ok: false, problem: expect.stringMatching(/passed/) as unknown as string });
    const ahead = expiryFromChoice('date', '2026-02-01T10:00', NOW);
    expect(ahead).toEqual({ ok: true, value: { kind: 'at', at: new Date('2026-02-01T10:00').getTime() } });
    expect(formToOptions({ ...form, expiry: 'never' }, NOW)).toMatchObject({ ok: true, value: { expiry: { kind: 'never' } } });
  });

  it('saving as the default refuses "never" and dates, and drops what belongs to one link', () => {
    expect(formToPolicy({ ...form, expiry: 'never' }).ok).toBe(false);
    expect(formToPolicy({ ...form, expiry: 'date', expiryDate: '2030-01-01T00:00' }).ok).toBe(false);
    expect(formToPolicy({ ...form, expiry: '7d', password: 'secret', recipientName: 'Ada', terms: ' Be nice. ' })).toEqual({ ok: true, value: { ...policy, expiry: '7d', terms: 'Be nice.' } });
  });

  it('limit boxes: empty, a whole number, or a problem', () => {
    expect([parseLimitText(''), parseLimitText(' 3 '), parseLimitText('0'), parseLimitText('2.5'), parseLimitText('-1'), parseLimitText('9999999')]).toEqual([null, 3, undefined, undefined, undefined, undefined]);
  });

  it('labels: counts with limits, recipients, timeline lines', () => {
    expect(countWithLimit(2, 10)).toBe('2 of 10');
    expect(countWithLimit(2, null)).toBe('2');
    expect(recipientLabel({ name: 'Ada', company: 'Harbour', email: 'a@x' })).toBe('Ada, Harbour');
    expect(recipientLabel({ name: null, company: null, email: null })).toBe('No recipient named');
    expect(describeLogEntry({ event: 'denied', reason: 'views-used-up' })).toBe('Denied: no views left');
    expect(describeLogEntry({ event: 'page', reason: 'bot' })).toMatch(/nothing counted/);
  });
});

describe('QR code modules', () => {
  it('draws exactly the dark modules of the code, inside a four-module quiet zone', () => {
    const url = 'http://127.0.0.1:8491/s/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE';
    const { size, path } = qrMatrix(url);
    const reference = create(url, { errorCorrectionLevel: 'M' }).modules;
    expect(size).toBe(reference.size);
    const drawn = new Set<string>();
    for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
      const [x, y, w, back] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
      expect(back).toBe(w);
      for (let i = 0; i < w; i++) drawn.add(`${y - QR_QUIET_ZONE},${x - QR_QUIET_ZONE + i}`);
    }
    let dark = 0;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const isDark = reference.get(r, c) === 1;
        if (isDark) dark++;
        expect(drawn.has(`${r},${c}`), `${r},${c}`).toBe(isDark);
      }
    }
    expect(drawn.size).toBe(dark);
    // The top-left finder pattern: a dark 7×7 ring with a light ring inside it.
    expect([drawn.has('0,0'), drawn.has('0,6'), drawn.has('6,6'), drawn.has('1,1'), drawn.has('3,3')]).toEqual([true, true, true, false, true]);
  });
});
