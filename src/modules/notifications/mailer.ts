import { desc, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client.ts';
import { mailMessages } from './schema.ts';

export interface Mail {
  to: string;
  /** Never health data in a subject: it shows on lock screens and in mail previews. */
  subject: string;
  text: string;
  html: string;
  template: string;
}

export interface Mailer {
  smtpConfigured: boolean;
  /** Records the message, then sends it over SMTP when configured. Resolves to the stored status. */
  send(db: Db, mail: Mail): Promise<'outbox' | 'sent' | 'failed'>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string | undefined; from: string }): Mailer {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return {
    smtpConfigured: transport !== null,
    async send(db, mail) {
      const [row] = await db
        .insert(mailMessages)
        .values({
          toAddress: mail.to,
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html,
          template: mail.template,
          status: transport ? 'pending' : 'outbox',
        })
        .returning({ id: mailMessages.id });
      if (!transport || !row) return 'outbox';
      try {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        await db.update(mailMessages).set({ status: 'sent', sentAt: new Date() }).where(eq(mailMessages.id, row.id));
        return 'sent';
      } catch (err) {
        // Kept as failed with the reason; the durable retry queue arrives with the notifications issue.
        await db
          .update(mailMessages)
          .set({ status: 'failed', error: String((err as Error).message).slice(0, 500) })
          .where(eq(mailMessages.id, row.id));
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
