import { parseArgs } from 'node:util';
import { AGENCIES, type Agency } from '@landcase/contracts';
import { loadConfig, mintToken } from '@landcase/service-kit';

export async function tokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      agency: { type: 'string' },
      division: { type: 'string' },
      roles: { type: 'string', default: 'officer' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const agency = values.agency as Agency | undefined;
  if (!agency || !AGENCIES.includes(agency)) {
    process.stderr.write(`--agency must be one of ${AGENCIES.join(', ')}\n`);
    return 2;
  }
  if (!values.division || !/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(values.division)) {
    process.stderr.write('--division must be a 6, 9 or 12 digit administrative division code\n');
    return 2;
  }
  const config = loadConfig(process.env);
  const token = await mintToken(
    config.jwtSecret,
    {
      sub: values.sub ?? `${agency}-${values.division}`,
      agency,
      division: values.division,
      roles: values
        .roles!.split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    },
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}
