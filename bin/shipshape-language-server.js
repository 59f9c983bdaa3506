#!/usr/bin/env node
'use strict';
// The language server over stdio (`shipshape-language-server --stdio`), for editors other than VS Code.
require('../dist/server.js');
