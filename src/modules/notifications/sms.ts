/**
 * SMS: recorded first (sms_messages), then delivered by the 'sms.deliver' job through the
 * configured provider — Brevo's transactional SMS API — or kept in the outbox, readable by admins,
 * when none is configured. Same guarantees as e-mails (see mail-queue.ts), with one more
 * ambiguity: an HTTP request whose answer is lost (timeout, connection reset) may have been sent;
 * it is retried, so such a failure can also give one duplicate. Brevo takes no idempotency key.
 *
 * An SMS never carries health data (DESIGN.md §10): a date, a time, a link.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue, type JobRun, PermanentJobError } from '../jobs/queue.ts';
import { markWithRetry } from './mail-queue.ts';
import { errorText } from './mailer.ts';
import { smsMessages } from './schema.ts';

export interface SmsMessage {
  /** E.164, e.g. +33612345678 */
  to: string;
  body: string;
}

export interface SmsProvider {
  /** 'brevo', or 'outbox' when no provider is configured. */
  name: string;
  /** False for the outbox: messages stay recorded, nothing is sent. */
  configured: boolean;
  /** Resolves once the provider accepted the message; throws SmsProviderError otherwise. */
  send(message: SmsMessage): Promise<{ providerMessageId: string | null }>;
}

export class SmsProviderError extends Error {
  /** Retrying cannot help (the provider rejected the request itself, e.g. an invalid number). */
  readonly permanent: boolean;
  readonly status: number | null;
  constructor(message: string, options: { permanent: boolean; status?: number | null }) {
    super(message);
    this.name = 'SmsProviderError';
    this.permanent = options.permanent;
    this.status = options.status ?? null;
  }
}

/** No provider: rows stay `outbox`. */
export const outboxSms: SmsProvider = {
  name: 'outbox',
  configured: false,
  send() {
    return Promise.reject(new SmsProviderError('no SMS provider configured', { permanent: true }));
  },
};

// GSM 03.38 basic set and its extension table: anything else needs a Unicode (UCS-2) SMS.
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€',
);
export const needsUnicode = (text: string): boolean => [...text].some((c) => !GSM7.has(c));

/**
 * Brevo's transactional SMS API: POST {baseUrl}/v3/transactionalSMS/sms with the `api-key` header
 * and {sender, recipient, content, type: 'transactional'}; answers 201 {messageId, …}.
 * 400 (the request itself is wrong: number, sender) fails for good; 401/402/429/5xx and network
 * errors are retried (a key fixed, credits bought, the service back).
 */
export function createBrevoSms(options: { apiKey: string; sender: string; baseUrl?: string; timeoutMs?: number }): SmsProvider {
  const url = `${(options.baseUrl ?? 'https://api.brevo.com').replace(/\/$/, '')}/v3/transactionalSMS/sms`;
  return {
    name: 'brevo',
    configured: true,
    async send(message) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'api-key': options.apiKey, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            sender: options.sender,
            // Brevo documents the number with its country code and no '+' (33612345678).
            recipient: message.to.replace(/^\+/, ''),
            content: message.body,
            type: 'transactional',
            ...(needsUnicode(message.body) ? { unicodeEnabled: true } : {}),
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new SmsProviderError(`Brevo unreachable: ${errorText(err)}`, { permanent: false });
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        // Brevo's error body is {code, message}; it names the problem, never the message's content.
        let reason = text.slice(0, 200);
        try {
          const body = JSON.parse(text) as { code?: string; message?: string };
          reason = [body.code, body.message].filter(Boolean).join(': ') || reason;
        } catch {}
        throw new SmsProviderError(`Brevo ${res.status}: ${reason}`, { permanent: res.status === 400, status: res.status });
      }
      let messageId: unknown = null;
      try {
        messageId = (JSON.parse(text) as { messageId?: unknown }).messageId ?? null;
      } catch {}
      return { providerMessageId: messageId === null ? null : String(messageId) };
    },
  };
}

export interface SmsConfig {
  smsProvider: 'brevo' | undefined;
  smsApiKey: string | undefined;
  smsSender: string | undefined;
  smsApiUrl: string;
}

export function createSmsProvider(config: SmsConfig): SmsProvider {
  if (config.smsProvider === 'brevo' && config.smsApiKey && config.smsSender) {
    return createBrevoSms({ apiKey: config.smsApiKey, sender: config.smsSender, baseUrl: config.smsApiUrl });
  }
  return outboxSms;
}

export const SMS_QUEUE = 'sms.deliver';
export const SMS_MAX_ATTEMPTS = 10;

const E164 = /^\+[1-9]\d{6,14}$/;

export interface QueuedSms {
  /** E.164 */
  to: string;
  body: string;
  template: string;
  idempotencyKey: string;
  clientId?: string;
  appointmentId?: string;
}

/** Records the SMS and queues its delivery in one transaction; with a key already used, nothing new happens. */
export async function queueSms(db: Db, sms: QueuedSms): Promise<{ id: string; created: boolean }> {
  if (!E164.test(sms.to)) throw new DomainError('phone_invalid', 400);
  if (!sms.idempotencyKey) throw new Error('queueSms needs an idempotency key');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(smsMessages)
      .values({
        id: randomUUID(),
        toNumber: sms.to,
        body: sms.body,
        template: sms.template,
        status: 'pending',
        idempotencyKey: sms.idempotencyKey,
        clientId: sms.clientId ?? null,
        appointmentId: sms.appointmentId ?? null,
      })
      .onConflictDoNothing({ target: smsMessages.idempotencyKey })
      .returning({ id: smsMessages.id });
    if (row) {
      await enqueue(tx as unknown as Db, { queue: SMS_QUEUE, payload: { smsId: row.id }, idempotencyKey: `sms:${row.id}`, maxAttempts: SMS_MAX_ATTEMPTS });
      return { id: row.id, created: true };
    }
    const [existing] = await tx.select({ id: smsMessages.id }).from(smsMessages).where(eq(smsMessages.idempotencyKey, sms.idempotencyKey));
    return { id: existing!.id, created: false };
  });
}

/** The 'sms.deliver' job: sends one recorded SMS if it is still pending. */
export async function deliverQueuedSms(ctx: AppContext, smsId: string, job: JobRun): Promise<void> {
  const [row] = await ctx.db.select().from(smsMessages).where(eq(smsMessages.id, smsId));
  if (row?.status !== 'pending') return;
  if (!ctx.sms.configured) {
    await ctx.db
      .update(smsMessages)
      .set({ status: 'outbox', provider: ctx.sms.name })
      .where(and(eq(smsMessages.id, smsId), eq(smsMessages.status, 'pending')));
    return;
  }
  await job.renewLease();
  await ctx.db.update(smsMessages).set({ attempts: sql`${smsMessages.attempts} + 1`, provider: ctx.sms.name }).where(eq(smsMessages.id, smsId));
  let providerMessageId: string | null;
  try {
    ({ providerMessageId } = await ctx.sms.send({ to: row.toNumber, body: row.body }));
  } catch (err) {
    const permanent = err instanceof SmsProviderError && err.permanent;
    const final = permanent || job.lastAttempt;
    await ctx.db
      .update(smsMessages)
      .set({ error: errorText(err), ...(final ? { status: 'failed' } : {}) })
      .where(eq(smsMessages.id, smsId));
    if (permanent) throw new PermanentJobError(errorText(err));
    throw err;
  }
  await markWithRetry(() => ctx.db.update(smsMessages).set({ status: 'sent', sentAt: ctx.now(), providerMessageId, error: null }).where(eq(smsMessages.id, smsId)));
}

export function listSms(db: Db, limit: number) {
  return db.select().from(smsMessages).orderBy(desc(smsMessages.createdAt)).limit(limit);
}
