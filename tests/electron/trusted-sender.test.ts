import { describe, expect, it } from 'vitest';
import { isTrustedFrame, type FrameLike } from '../../electron/main/trusted-sender';

const ours = { processId: 4, routingId: 1 };
const frame = (over: Partial<FrameLike> = {}): FrameLike => ({ url: 'app://strongroom/index.html', parent: null, ...ours, ...over });

describe('isTrustedFrame (IPC sender check)', () => {
  it('accepts the main frame of one of our windows showing our origin', () => {
    expect(isTrustedFrame(frame(), [ours])).toBe(true);
    expect(isTrustedFrame(frame({ url: 'app://strongroom/#/assets?q=1' }), [{ processId: 9, routingId: 9 }, ours])).toBe(true);
  });

  it('refuses a missing frame (navigated away or destroyed)', () => {
    expect(isTrustedFrame(null, [ours])).toBe(false);
    expect(isTrustedFrame(undefined, [ours])).toBe(false);
  });

  it('refuses subframes, even of our window and our origin', () => {
    expect(isTrustedFrame(frame({ parent: frame(), routingId: 2 }), [ours])).toBe(false);
    expect(isTrustedFrame(frame({ parent: frame() }), [ours])).toBe(false);
  });

  it('refuses frames that are not the main frame of one of our windows', () => {
    expect(isTrustedFrame(frame(), [])).toBe(false);
    expect(isTrustedFrame(frame({ routingId: 2 }), [ours])).toBe(false);
    expect(isTrustedFrame(frame({ processId: 5 }), [ours])).toBe(false);
  });

  it.each([
    'https://strongroom/index.html',
    'http://localhost:5173/',
    'file:///opt/Strongroom/resources/app.asar/dist/renderer/index.html',
    'app://strongroom.evil/index.html',
    'app://strongroom@evil/index.html',
    'app://evil/strongroom/',
    'app://strongroom',
    'strongroom-media://thumb/0123456789ab',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<script>app://strongroom/</script>',
    '',
  ])('refuses other origins: %s', (url) => {
    expect(isTrustedFrame(frame({ url }), [ours])).toBe(false);
  });

  it('refuses a frame whose properties throw (disposed while the message was in flight)', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
      ...ours,
    };
    expect(isTrustedFrame(disposed, [ours])).toBe(false);
  });
});
