#!/usr/bin/env node
// The `scalesim` command: runs the TypeScript entry through tsx (a dependency), so a clone needs no build.
require('tsx/cjs');
require('./scalesim.ts');
