import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailMessages, smsMessages } from './schema.ts';

/** One message sent (or to be sent) about a client or an appointment — what staff may see: never the body. */
export interface MessageSummary {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  template: string;
  /** E-mails only; subjects carry no health data. */
  subject: string | null;
  status: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** E-mails and SMS about a client or an appointment, newest first. */
export async function listMessagesAbout(db: Db, about: { clientId?: string; appointmentId?: string }, limit = 200): Promise<MessageSummary[]> {
  const mailWhere = about.clientId ? eq(mailMessages.clientId, about.clientId) : eq(mailMessages.appointmentId, about.appointmentId ?? '');
  const smsWhere = about.clientId ? eq(smsMessages.clientId, about.clientId) : eq(smsMessages.appointmentId, about.appointmentId ?? '');
  const [mails, sms] = await Promise.all([
    db
      .select({
        id: mailMessages.id,
        to: mailMessages.toAddress,
        template: mailMessages.template,
        subject: mailMessages.subject,
        status: mailMessages.status,
        attempts: mailMessages.attempts,
        error: mailMessages.error,
        createdAt: mailMessages.createdAt,
        sentAt: mailMessages.sentAt,
        appointmentId: mailMessages.appointmentId,
      })
      .from(mailMessages)
      .where(mailWhere)
      .orderBy(desc(mailMessages.createdAt))
      .limit(limit),
    db
      .select({
        id: smsMessages.id,
        to: smsMessages.toNumber,
        template: smsMessages.template,
        status: smsMessages.status,
        attempts: smsMessages.attempts,
        error: smsMessages.error,
        createdAt: smsMessages.createdAt,
        sentAt: smsMessages.sentAt,
        appointmentId: smsMessages.appointmentId,
      })
      .from(smsMessages)
      .where(smsWhere)
      .orderBy(desc(smsMessages.createdAt))
      .limit(limit),
  ]);
  const all: (MessageSummary & { appointmentId: string | null })[] = [
    ...mails.map((m) => ({ ...m, channel: 'email' as const })),
    ...sms.map((m) => ({ ...m, channel: 'sms' as const, subject: null })),
  ];
  return all
    .filter((m) => !about.appointmentId || m.appointmentId === about.appointmentId)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, limit)
    .map(({ appointmentId: _, ...m }) => m);
}
