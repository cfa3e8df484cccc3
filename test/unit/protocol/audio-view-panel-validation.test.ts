/**
 * The Audio view's messages as the host checks them: a beam width at most, never a path; the state the
 * webview saved keeps only the paths (checked again on disk by the serializer) and the beam. Also the
 * transfer list of an analysis, and which models the audio commands offer.
 */

import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/protocol/message-validation';
import { audioViewMessage, persistedAudioView } from '../../../src/protocol/audio-view-panel-validation';
import { analysisBuffers, MAX_AUDIO_BEAM } from '../../../src/protocol/audio-view-panel';
import type { TaskPresentation } from '../../../src/protocol/task-presentation';
import { audioModelFilter, audioModelWords, audioTasksFor } from '../../../src/extension/audio-model-choice';
import { classificationPresentation } from '../../../src/tasks/classification/presentation';
import { syntheticAudioAnalysis } from '../../fixtures/audio/audio-analysis-fixture.mjs';

describe('Audio view messages', () => {
  it('accepts ready, analyze with a beam in 1 … 64, and choose-model', () => {
    expect(validate(audioViewMessage, { type: 'ready' })).toEqual({ ok: true, value: { type: 'ready' } });
    expect(validate(audioViewMessage, { type: 'analyze', beam: 8 })).toEqual({
      ok: true,
      value: { type: 'analyze', beam: 8 },
    });
    expect(validate(audioViewMessage, { type: 'choose-model' }).ok).toBe(true);
  });

  it('refuses a path, a beam out of range or not an integer, and unknown types', () => {
    const refused: [unknown, string][] = [
      [{ type: 'analyze', beam: 4, audioPath: '/etc/passwd' }, "message: unexpected field 'audioPath'"],
      [{ type: 'analyze', beam: 0 }, 'beam: 0 outside 1…64'],
      [{ type: 'analyze', beam: MAX_AUDIO_BEAM + 1 }, 'beam: 65 outside 1…64'],
      [{ type: 'analyze', beam: 2.5 }, 'beam: expected an integer, got a number 2.5'],
      [{ type: 'analyze', beam: '4' }, 'beam: expected an integer, got a string'],
      [{ type: 'analyze' }, 'beam: expected an integer, got a undefined'],
      [{ type: 'choose-model', checkpointPath: '/x.safetensors' }, "message: unexpected field 'checkpointPath'"],
      [{ type: 'play' }, "type: unknown type 'play'"],
      [null, 'message: expected an object, got null'],
    ];
    for (const [message, reason] of refused) expect(validate(audioViewMessage, message)).toEqual({ ok: false, reason });
  });

  it('takes the paths and the beam of the saved state, ignoring the view settings, refusing bad values', () => {
    expect(
      validate(persistedAudioView, {
        audioPath: '/w/a.wav',
        checkpointPath: '/w/r/best.safetensors',
        beam: 4,
        signal: 'f',
      }),
    ).toEqual({ ok: true, value: { audioPath: '/w/a.wav', checkpointPath: '/w/r/best.safetensors', beam: 4 } });
    expect(validate(persistedAudioView, undefined)).toEqual({ ok: true, value: {} });
    expect(validate(persistedAudioView, { audioPath: 7 }).ok).toBe(false);
    expect(validate(persistedAudioView, { beam: 1000 }).ok).toBe(false);
    expect(validate(persistedAudioView, { audioPath: 'x'.repeat(5000) }).ok).toBe(false);
  });
});

describe('an analysis on the move', () => {
  it('lists every typed array buffer once, gates included', () => {
    const analysis = syntheticAudioAnalysis();
    const buffers = analysisBuffers(analysis);
    // waveform min and max, spectrogram, alignment probabilities and best path, 4 × 6 signals.
    expect(buffers).toHaveLength(3 + 2 + 24);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(analysisBuffers(syntheticAudioAnalysis({ recognition: 'audio-label' }))).toHaveLength(3 + 24);
  });
});

describe('which models the audio commands offer', () => {
  const speech: TaskPresentation = {
    ...classificationPresentation,
    id: 'speech-like',
    shortName: 'speech to text',
    audio: { recognition: 'transcript' },
  };
  const sounds: TaskPresentation = {
    ...classificationPresentation,
    id: 'sounds-like',
    shortName: 'audio classification',
    audio: { recognition: 'audio-label' },
  };
  const all = [classificationPresentation, speech, sounds];

  it('offers runs of the tasks that answer that way, never a loose file or a text model', () => {
    expect(audioTasksFor('transcript', all).map((p) => p.id)).toEqual(['speech-like']);
    const filter = audioModelFilter('audio-label', all);
    expect(filter.accepts('sounds-like')).toBe(true);
    expect(filter.accepts('speech-like')).toBe(false);
    expect(filter.accepts('classification')).toBe(false);
    expect(filter.accepts(null)).toBe(false);
    expect(audioModelWords('transcript', all)).toBe('speech to text');
    expect(audioModelFilter('transcript', all).noneMessage).toMatch(/^No speech to text model in this workspace yet/);
  });

  it('says what it wants even before any audio task is registered', () => {
    expect(audioModelWords('audio-label', [classificationPresentation])).toBe('audio classification');
    expect(audioModelFilter('transcript', [classificationPresentation]).accepts('classification')).toBe(false);
  });
});
