/**
 * The context keys the menus read: when a workspace has runs and a model, and which folders the
 * `lstmStudio.datasetFolders` setting opts in for text datasets.
 */

import { describe, expect, it } from 'vitest';
import {
  datasetFilePattern,
  datasetFolderGlobs,
  foldersHolding,
  optInGlob,
  withGlob,
  workspaceContext,
} from '../../../src/extension/menu-context';

const run = (facts: Partial<{ active: boolean; hasBestCheckpoint: boolean; hasLastCheckpoint: boolean }> = {}) => ({
  active: false,
  hasBestCheckpoint: false,
  hasLastCheckpoint: false,
  ...facts,
});

describe('workspaceContext', () => {
  it('knows neither runs nor a model in a fresh workspace', () => {
    expect(workspaceContext([], false)).toEqual({ hasRuns: false, hasModel: false });
  });

  it('has a model once a run has a best checkpoint, even while it trains', () => {
    expect(workspaceContext([run({ active: true, hasBestCheckpoint: true })], false)).toEqual({
      hasRuns: true,
      hasModel: true,
    });
  });

  it('counts a last checkpoint only once its run no longer trains', () => {
    expect(workspaceContext([run({ active: true, hasLastCheckpoint: true })], false).hasModel).toBe(false);
    expect(workspaceContext([run({ hasLastCheckpoint: true })], false).hasModel).toBe(true);
  });

  it('has runs but no model when no run left a checkpoint (a run that failed at once)', () => {
    expect(workspaceContext([run()], false)).toEqual({ hasRuns: true, hasModel: false });
  });

  it('has a model when the user picked one, without any run', () => {
    expect(workspaceContext([], true)).toEqual({ hasRuns: false, hasModel: true });
  });
});

describe('datasetFolderGlobs', () => {
  it('cleans the setting: strings only, trimmed, no ./ or trailing slash, once each', () => {
    expect(datasetFolderGlobs([' ./corpora/ ', 'corpora', 'data\\texts', 3, null, '', 'a/**'])).toEqual([
      'corpora',
      'data/texts',
      'a/**',
    ]);
  });

  it('reads the workspace folder itself as every folder', () => {
    expect(datasetFolderGlobs(['.', './', '/'])).toEqual(['**']);
  });

  it('gives none for a setting that is not a list', () => {
    expect(datasetFolderGlobs('corpora')).toEqual([]);
    expect(datasetFolderGlobs(undefined)).toEqual([]);
    expect(datasetFolderGlobs({ corpora: true })).toEqual([]);
  });
});

describe('datasetFilePattern and foldersHolding', () => {
  it('opts in the text files of a folder and its subfolders', () => {
    expect(datasetFilePattern('corpora')).toBe('corpora/**/*.{txt,md}');
  });

  it('lists each folder holding opted-in files once, sorted', () => {
    expect(foldersHolding(['/ws/corpora/b.md', '/ws/corpora/a.txt', '/ws/corpora/old/c.txt'])).toEqual([
      '/ws/corpora',
      '/ws/corpora/old',
    ]);
  });

  it('keeps Windows paths as the workbench writes them', () => {
    expect(foldersHolding(['C:\\ws\\corpora\\a.txt'])).toEqual(['C:\\ws\\corpora']);
  });
});

describe('optInGlob and withGlob', () => {
  it('names a folder relative to its workspace folder', () => {
    expect(optInGlob('/ws', '/ws/data/texts')).toBe('data/texts');
    expect(optInGlob('/ws/', '/ws/data/')).toBe('data');
    expect(optInGlob('C:\\ws', 'C:\\ws\\data')).toBe('data');
  });

  it('names the workspace folder itself `.` and refuses a folder outside it', () => {
    expect(optInGlob('/ws', '/ws')).toBe('.');
    expect(optInGlob('/ws', '/wsx/data')).toBeUndefined();
    expect(optInGlob('/ws', '/other')).toBeUndefined();
  });

  it('adds a glob once, keeping the strings already set', () => {
    expect(withGlob(['a'], 'b')).toEqual(['a', 'b']);
    expect(withGlob(['a', 'b'], 'a')).toEqual(['a', 'b']);
    expect(withGlob(undefined, 'a')).toEqual(['a']);
    expect(withGlob(['a', 7], 'b')).toEqual(['a', 'b']);
  });
});
