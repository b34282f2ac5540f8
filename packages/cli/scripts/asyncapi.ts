// Writes the AsyncAPI 3.0 document of the topics (what /docs/asyncapi.json serves) to a file.
//   tsx packages/cli/scripts/asyncapi.ts [file]   default: asyncapi.json in the working directory
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemAsyncApi } from '../src/asyncapi-file.ts';

const file = resolve(process.argv[2] ?? 'asyncapi.json');
writeFileSync(file, `${JSON.stringify(await systemAsyncApi(), null, 2)}\n`);
console.log(`AsyncAPI document written to ${file}`);
