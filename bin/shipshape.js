#!/usr/bin/env node
'use strict';
// The CLI entry. The bundle is built by `npm run build` (and before `npm pack`, by prepack).
require('../dist/cli.js').runCli();
