/** The Training panel's bundle entry (`dist/webview/training.js`): builds the page into `#app`. */

import { TrainingPanel } from './panel';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new TrainingPanel(root);
