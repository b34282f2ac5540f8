export { DEV_TOKEN_TTL, devTokenRoute, devTokensAllowed } from './console/dev-token.ts';
export {
  buildConsole,
  CONSOLE_CSP,
  CONSOLE_PACKAGE,
  consoleDistOf,
  consoleIsStale,
  ensureConsoleBuilt,
} from './console/site.ts';
export { ALL_MODULES, runSystem } from './system.ts';
