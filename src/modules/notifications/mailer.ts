import { createHash, randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client.ts';
import { mailMessages } from './schema.ts';

export interface MailAttachment {
  filename: string;
  /** e.g. 'text/calendar; method=REQUEST' for an invitation */
  contentType: string;
  /** The file's text (an ICS file is text), or its bytes in base64 with `encoding: 'base64'` (a PDF). */
  content: string;
  encoding?: 'base64';
}

export interface Mail {
  to: string;
  /** Never health data in a subject: it shows on lock screens and in mail previews. */
  subject: string;
  text: string;
  html: string;
  template: string;
  /** One message per key, ever: a second send with the same key does nothing. Also fixes the Message-ID. */
  idempotencyKey?: string;
  attachments?: MailAttachment[];
  /** Whom the message is about, so staff can list what a client was sent (GET /api/messages). */
  clientId?: string;
  appointmentId?: string;
}

/** What goes over SMTP: a recorded message. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments?: MailAttachment[];
}

export type MailStatus = 'pending' | 'outbox' | 'sent' | 'failed';

export interface Mailer {
  smtpConfigured: boolean;
  /**
   * Records the message, then sends it over SMTP at once when configured (no retry: a failure stays
   * `failed`). Resolves to the stored status; with an idempotency key already used, to that
   * message's status, without sending again. For retries and crash safety use queueMail.
   */
  send(db: Db, mail: Mail): Promise<'outbox' | 'sent' | 'failed' | 'pending'>;
  /** Hands one message to the SMTP server; resolves once the server accepted it (250), throws otherwise. */
  transmit(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * The Message-ID of a message: derived from its idempotency key (hashed: keys name appointments),
 * so a message sent again after a crash is recognisably the same message to the receiving side.
 */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@parcours>`;
}

/** SMTP errors after which sending again cannot help: the server refused the recipient or the message (5xx). */
export function isPermanentSmtpError(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE');
}

export const errorText = (err: unknown): string => String(err instanceof Error ? err.message : err).slice(0, 500);

export function createMailer(options: { smtpUrl: string | undefined; from: string }): Mailer {
  // Timeouts well under the job lease (60 s): a send cannot outlive the worker's claim on it.
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 })
    : null;
  const transmit = async (mail: OutgoingMail): Promise<void> => {
    if (!transport) throw new Error('SMTP is not configured');
    await transport.sendMail({
      from: options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.attachments?.length ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, ...(a.encoding ? { encoding: a.encoding } : {}) })) } : {}),
    });
  };
  return {
    smtpConfigured: transport !== null,
    transmit,
    async send(db, mail) {
      const id = randomUUID();
      const messageId = mail.idempotencyKey ? messageIdFor(mail.idempotencyKey) : `<${id}@parcours>`;
      const [row] = await db
        .insert(mailMessages)
        .values({
          id,
          toAddress: mail.to,
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html,
          template: mail.template,
          status: transport ? 'pending' : 'outbox',
          idempotencyKey: mail.idempotencyKey ?? null,
          messageId,
          attachments: mail.attachments ?? [],
          clientId: mail.clientId ?? null,
          appointmentId: mail.appointmentId ?? null,
          attempts: transport ? 1 : 0,
        })
        .onConflictDoNothing({ target: mailMessages.idempotencyKey })
        .returning({ id: mailMessages.id });
      if (!row) {
        const [existing] = await db.select({ status: mailMessages.status }).from(mailMessages).where(eq(mailMessages.idempotencyKey, mail.idempotencyKey ?? ''));
        return (existing?.status ?? 'pending') as MailStatus;
      }
      if (!transport) return 'outbox';
      try {
        await transmit({ ...mail, messageId });
        await db.update(mailMessages).set({ status: 'sent', sentAt: new Date() }).where(eq(mailMessages.id, row.id));
        return 'sent';
      } catch (err) {
        // Kept as failed with the reason. Mails that must survive a failure go through queueMail.
        await db.update(mailMessages).set({ status: 'failed', error: errorText(err) }).where(eq(mailMessages.id, row.id));
        return 'failed';
      }
    },
    close() {
      transport?.close();
    },
  };
}

export function listMail(db: Db, limit: number) {
  return db.select().from(mailMessages).orderBy(desc(mailMessages.createdAt)).limit(limit);
}

/** Minimal, escaped HTML for transactional mails. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function simpleHtml(paragraphs: string[], link?: { href: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const button = link
    ? `<p><a href="${escapeHtml(link.href)}" style="background:#0b6e75;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1a1a">${body}${button}<p style="color:#555;font-size:12px">Parcours — conciergerie médicale</p></body></html>`;
}
