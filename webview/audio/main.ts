/** The Audio view's bundle entry (`dist/webview/audio.js`): builds the page into `#app`. */

import { AudioViewPanel } from './panel';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new AudioViewPanel(root);
