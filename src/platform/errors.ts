import { type MessageCode, messages } from './messages.ts';

export type Locale = 'fr' | 'en';

/**
 * A rule of the domain was not met. It carries a stable code (clients and tests rely on it) and an
 * HTTP status; the French/English text comes from the message catalogue, so domain code never
 * writes user-facing prose.
 */
export class DomainError extends Error {
  readonly code: MessageCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly fields?: { path: string; code: MessageCode }[];
  /** More for the caller to act on (e.g. the existing records a duplicate matches). */
  extra?: Record<string, unknown>;
  constructor(
    code: MessageCode,
    status = 400,
    params: Record<string, string | number> = {},
    fields?: { path: string; code: MessageCode }[],
  ) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.status = status;
    this.params = params;
    if (fields) this.fields = fields;
  }
}

export function translate(code: MessageCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const entry = messages[code];
  return entry[locale].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** Picks fr or en from an Accept-Language header; French is the default. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'fr';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.lang === 'fr' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Locale | undefined) ?? 'fr';
}
