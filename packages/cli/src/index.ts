export { ALL_MODULES, runSystem } from './system.ts';
