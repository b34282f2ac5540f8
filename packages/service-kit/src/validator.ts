import { AjvCompiler } from '@fastify/ajv-compiler';
import { CATALOGUE_FORMATS } from '@landcase/contracts';

/**
 * The ajv options the API promises: every error reported, nothing dropped, nothing converted; and
 * string lengths counted in UTF-16 code units (`unicode: false`), as the event catalogue (TypeBox)
 * counts them, so a 2000-character limit means the same in a request and in the event it makes.
 * ajv marks the option deprecated (it prefers code points) and says so at every compiler it
 * makes; that one notice is left out of its log.
 */
export const AJV_OPTIONS = {
  allErrors: true,
  removeAdditional: false,
  coerceTypes: false,
  unicode: false,
  logger: {
    log: (...args: unknown[]) => console.log(...args),
    warn: (...args: unknown[]) => {
      if (!String(args[0]).startsWith('DEPRECATED: option unicode')) console.warn(...args);
    },
    error: (...args: unknown[]) => console.error(...args),
  },
} as const;

type Ajv = { addFormat(name: string, check: (value: string) => boolean): unknown };

/** The catalogue's formats replace ajv-formats' ones of the same name (its date-time is looser). */
const withCatalogueFormats = (ajv: Ajv) => {
  for (const [name, check] of Object.entries(CATALOGUE_FORMATS)) ajv.addFormat(name, check);
};

type RouteSchema = { schema?: unknown; method: string; url: string; httpPart?: string };
type BuildValidator = (
  externalSchemas: Record<string, unknown>,
  options?: { customOptions?: Record<string, unknown>; plugins?: unknown[]; onCreate?: (ajv: Ajv) => void },
) => (route: RouteSchema) => unknown;

/**
 * A fastify validator factory that keeps JSON bodies strict (no type coercion) but coerces the
 * query string, path parameters and headers, whose values arrive as text: `?limit=10` must
 * satisfy `Type.Integer()`. Both compilers are fastify's own (ajv + ajv-formats, with the catalogue's
 * formats over ajv-formats' own) and share the app's external schemas.
 */
export function partAwareValidator(): BuildValidator {
  const pool = AjvCompiler() as unknown as BuildValidator;
  return (externalSchemas, options = {}) => {
    const customOptions = { ...options.customOptions, ...AJV_OPTIONS };
    const onCreate = (ajv: Ajv) => {
      options.onCreate?.(ajv);
      withCatalogueFormats(ajv);
    };
    const strict = pool(externalSchemas, { ...options, customOptions, onCreate });
    const coercing = pool(externalSchemas, {
      ...options,
      customOptions: { ...customOptions, coerceTypes: 'array' },
      onCreate,
    });
    return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
  };
}
