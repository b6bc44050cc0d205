import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type Locale, localeFrom, translate } from '../../platform/errors.ts';
import type { MessageCode } from '../../platform/messages.ts';

const zodLocales = { fr: z.locales.fr(), en: z.locales.en() };

/** Zod's own French and English texts for a validation issue, e.g. "Trop petit : …". */
function issueMessage(issue: Record<string, unknown>, locale: Locale): string {
  const out = zodLocales[locale].localeError?.(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? String(issue.message ?? ''));
}

export const requestLocale = (req: FastifyRequest): Locale => localeFrom(req.headers['accept-language']);

export function sendError(
  reply: FastifyReply,
  locale: Locale,
  status: number,
  code: MessageCode,
  params: Record<string, string | number> = {},
  fields?: { path: string; message: string }[],
) {
  return reply.status(status).send({ code, message: translate(code, locale, params), ...(fields ? { fields } : {}) });
}

// Fastify's own client errors (body parsing, content type, size) mapped to our catalogue.
const fastifyCodes: Record<string, MessageCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/**
 * Every error leaves as `{code, message, fields?}` in the caller's language. A 4xx says what to fix;
 * anything else is a bug: logged with its stack, answered with a neutral 500 and no internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, req, reply) => {
    const locale = requestLocale(req);
    if (err instanceof DomainError) {
      const fields = err.fields?.map((f) => ({ path: f.path, message: translate(f.code, locale, err.params) }));
      if (err.extra) return reply.status(err.status).send({ code: err.code, message: translate(err.code, locale, err.params), ...(fields ? { fields } : {}), ...err.extra });
      return sendError(reply, locale, err.status, err.code, err.params, fields);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const source = (req as unknown as Record<string, unknown>)[err.validationContext ?? 'body'];
      const fields = err.validation.map((v) => {
        const segments = v.instancePath.split('/').filter(Boolean);
        // Zod does not keep the rejected value; read it back so the message says what was received.
        const input = segments.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), source);
        const message =
          v.keyword === 'invalid_type' && input === undefined
            ? translate('field_required', locale)
            : issueMessage({ ...v.params, code: v.keyword, input }, locale);
        return { path: segments.join('.'), message };
      });
      return sendError(reply, locale, 400, 'validation_failed', {}, fields);
    }
    const status = err.statusCode ?? 500;
    if (status === 429) return sendError(reply, locale, 429, 'rate_limited', { seconds: Math.ceil(Number(reply.getHeader('retry-after') ?? 60)) });
    if (status >= 400 && status < 500) {
      const code = (err.code && fastifyCodes[err.code]) || (status === 404 ? 'not_found' : 'bad_request');
      return sendError(reply, locale, status, code);
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, locale, 500, 'internal_error');
  });
}
