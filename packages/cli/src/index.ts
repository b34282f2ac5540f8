export { ALL_MODULES, EMBEDDED_DEFAULTS, runSystem } from './system.ts';
