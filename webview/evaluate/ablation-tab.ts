/**
 * Placeholder for the eval-tabs branch's Ablation tab, only so the panel's entry compiles before that branch
 * is merged: the merge takes eval-tabs' file in its place.
 */

import { element } from '../shared/dom';
import type { EvaluateTabFactory } from './tab';

export const createAblationTab: EvaluateTabFactory = () => ({
  id: 'ablation',
  title: 'Ablation',
  element: element('p', { className: 'muted', text: 'The Ablation tab arrives with the eval-tabs branch.' }),
  setSummary: () => undefined,
  receive: () => undefined,
});
