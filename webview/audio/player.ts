/**
 * The play button: an `<audio>` element on the recording (the host gives its webview URI; the panel's
 * CSP allows media from the webview's own source only) and, while it plays, the playhead's time once per
 * animation frame.
 */

import { codicon, element } from '../shared/dom';
import * as l10n from '../shared/l10n';

const PLAY_ICON = 'play';
const PAUSE_ICON = 'debug-pause';

export class AudioPlayer {
  readonly audio = element('audio', { id: 'audio', attrs: { preload: 'auto' } });
  readonly button = element('button', {
    id: 'play',
    className: 'button',
    attrs: { 'aria-label': l10n.t('Play the recording') },
  });
  private animation = 0;

  /** `onTime` gets the playhead (ms) while playing and null when it stops at the end. */
  constructor(private readonly onTime: (ms: number | null) => void) {
    this.showState(false);
    this.button.addEventListener('click', () => {
      if (this.audio.paused) void this.audio.play().catch(() => this.showState(false));
      else this.audio.pause();
    });
    this.audio.addEventListener('play', () => {
      this.showState(true);
      this.tick();
    });
    this.audio.addEventListener('pause', () => {
      this.showState(false);
      cancelAnimationFrame(this.animation);
      this.onTime(this.audio.currentTime * 1000);
    });
    this.audio.addEventListener('ended', () => {
      this.showState(false);
      cancelAnimationFrame(this.animation);
      this.onTime(null);
    });
  }

  setSource(uri: string): void {
    if (this.audio.getAttribute('src') !== uri) this.audio.setAttribute('src', uri);
  }

  /** Moves the playhead (a click on the views), playing or not. */
  seek(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.audio.currentTime = ms / 1000;
    this.onTime(ms);
  }

  private tick(): void {
    this.onTime(this.audio.currentTime * 1000);
    this.animation = requestAnimationFrame(() => this.tick());
  }

  private showState(playing: boolean): void {
    this.button.replaceChildren(codicon(playing ? PAUSE_ICON : PLAY_ICON), playing ? l10n.t('Pause') : l10n.t('Play'));
    this.button.setAttribute('aria-label', playing ? l10n.t('Pause the recording') : l10n.t('Play the recording'));
  }
}
