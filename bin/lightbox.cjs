#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'cli', 'lightbox.cjs');
if (!fs.existsSync(built)) {
  console.error('lightbox: the command is not built yet. Run `npm run build` in ' + path.join(__dirname, '..') + ' first.');
  process.exit(1);
}
require(built);
