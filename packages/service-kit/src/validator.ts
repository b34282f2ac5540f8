import { AjvCompiler } from '@fastify/ajv-compiler';

/** The ajv options the API promises: every error reported, nothing dropped, nothing converted. */
export const AJV_OPTIONS = { allErrors: true, removeAdditional: false, coerceTypes: false } as const;

type RouteSchema = { schema?: unknown; method: string; url: string; httpPart?: string };
type BuildValidator = (
  externalSchemas: Record<string, unknown>,
  options?: { customOptions?: Record<string, unknown>; plugins?: unknown[] },
) => (route: RouteSchema) => unknown;

/**
 * A fastify validator factory that keeps JSON bodies strict (no type coercion) but coerces the
 * query string, path parameters and headers, whose values arrive as text: `?limit=10` must
 * satisfy `Type.Integer()`. Both compilers are fastify's own (ajv + ajv-formats, so
 * `format: 'date-time'` is enforced) and share the app's external schemas.
 */
export function partAwareValidator(): BuildValidator {
  const pool = AjvCompiler() as unknown as BuildValidator;
  return (externalSchemas, options = {}) => {
    const customOptions = { ...options.customOptions, ...AJV_OPTIONS };
    const strict = pool(externalSchemas, { ...options, customOptions });
    const coercing = pool(externalSchemas, {
      ...options,
      customOptions: { ...customOptions, coerceTypes: 'array' },
    });
    return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
  };
}
