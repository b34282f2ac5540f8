import { AGENCIES, ROLES } from '@landcase/contracts';
import { type Config, type LandcaseApp, mintToken, usesDevelopmentSecret } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';

// `POST /dev/token`: the development sign-in of the web console. It signs, for whoever asks, a
// token for any agency, division and roles, so it exists only where anyone may sign tokens anyway:
// outside production and with the public development secret (no secret, key or JWKS of one's own).

export const DEV_TOKEN_TTL = '12h';

export const DevTokenBody = Type.Object(
  {
    agency: Type.Union(AGENCIES.map((a) => Type.Literal(a))),
    division: Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$' }),
    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), {
      minItems: 1,
      maxItems: ROLES.length,
      uniqueItems: true,
    }),
    sub: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type DevTokenRequest = Static<typeof DevTokenBody>;

export const DevTokenAnswer = Type.Object({
  token: Type.String(),
  agency: Type.String(),
  division: Type.String(),
  roles: Type.Array(Type.String()),
  sub: Type.String(),
  ttl: Type.String(),
});
export type DevTokenResponse = Static<typeof DevTokenAnswer>;

/** Whether this configuration may hand out development tokens. */
export const devTokensAllowed = (config: Config): boolean =>
  config.nodeEnv !== 'production' && usesDevelopmentSecret(config);

/** Registers `POST /dev/token` where `devTokensAllowed`; otherwise the route does not exist (404). */
export function devTokenRoute(app: LandcaseApp, config: Config): void {
  if (!devTokensAllowed(config)) return;
  app.post(
    '/dev/token',
    {
      config: { public: true },
      schema: { hide: true, body: DevTokenBody, response: { 200: DevTokenAnswer } },
    },
    async (request) => {
      const { agency, division, roles } = request.body;
      const sub = request.body.sub ?? `${agency}-${division}`;
      const token = await mintToken(config, { sub, agency, division, roles }, DEV_TOKEN_TTL);
      return { token, agency, division, roles, sub, ttl: DEV_TOKEN_TTL };
    },
  );
}
