#!/usr/bin/env node
// The `lstm-studio` command: the bundled CLI (run `npm run build` first when working from a checkout).
'use strict';
require('../dist/cli.js');
