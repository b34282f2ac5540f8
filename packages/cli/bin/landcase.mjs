#!/usr/bin/env node
// Runs the TypeScript entry point through tsx, so the command works straight from the workspace.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
