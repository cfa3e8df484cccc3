/** The Prediction panel's bundle entry (`dist/webview/prediction.js`): builds the page into `#app`. */

import { PredictionPanel } from './panel';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new PredictionPanel(root);
