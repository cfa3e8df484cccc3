/**
 * Placeholder for the eval-tabs branch's Projection tab, only so the panel's entry compiles before that branch
 * is merged: the merge takes eval-tabs' file in its place.
 */

import { element } from '../shared/dom';
import type { EvaluateTabFactory } from './tab';

export const createProjectionTab: EvaluateTabFactory = () => ({
  id: 'projection',
  title: 'Projection',
  element: element('p', { className: 'muted', text: 'The Projection tab arrives with the eval-tabs branch.' }),
  setSummary: () => undefined,
  receive: () => undefined,
});
