import { runCli } from './program.ts';

// `landcase`: see program.ts. The exit status is set, not forced, so that `landcase start` keeps
// running while its server listens.
process.exitCode = await runCli(process.argv.slice(2));
