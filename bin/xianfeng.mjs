#!/usr/bin/env node
// Launcher: lets Node run the TypeScript sources directly, from any directory and through npm's bin link.
import { register } from 'tsx/esm/api';

register();
const { run } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
process.exitCode = await run(process.argv);
