/** The Gates panel's bundle entry (`dist/webview/gates.js`): builds the page into `#app`. */

import { GatesPanel } from './panel';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new GatesPanel(root);
