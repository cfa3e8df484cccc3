/** The New Training Run form's bundle entry (`dist/webview/new-run.js`): builds the form into `#app`. */

import { NewRunForm } from './form';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new NewRunForm(root);
