import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestEnv, describeEachDatabase, type TestEnv, uniqueEmail } from '../../../test/support/app.ts';
import { databaseKinds } from '../../../test/support/databases.ts';
import { type FaultySmtp, recipients, startFaultySmtp } from '../../../test/support/smtp-faults.ts';
import type { AppContext } from '../../platform/context.ts';
import { auditEvents } from '../audit/schema.ts';
import { createWorker, type WorkerLog } from '../jobs/queue.ts';
import { jobs } from '../jobs/schema.ts';
import { notificationJobHandlers } from './jobs.ts';
import { queueMail } from './mail-queue.ts';
import { messageIdFor } from './mailer.ts';
import { mailMessages } from './schema.ts';
import { queueSms } from './sms.ts';

const quiet: WorkerLog = { info() {}, warn() {}, error() {} };

function clock(start = new Date()) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

const reminder = (to: string, key: string, extra: { clientId?: string; appointmentId?: string } = {}) => ({
  to,
  subject: 'Votre rendez-vous du 12/12 à 9 h 30',
  text: 'Rappel : rendez-vous le 12/12 à 9 h 30. Détails : https://parcours.test/rdv',
  html: '<p>Rappel : rendez-vous le 12/12 à 9 h 30.</p>',
  template: 'appointment.reminder',
  idempotencyKey: key,
  ...extra,
});

const mailRow = async (ctx: AppContext, id: string) => (await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, id)))[0]!;
const mailJob = async (ctx: AppContext, mailId: string) => (await ctx.db.select().from(jobs).where(eq(jobs.idempotencyKey, `mail:${mailId}`)))[0]!;

let smtp: FaultySmtp;
before(async () => {
  smtp = await startFaultySmtp();
});
after(() => smtp.close());

describeEachDatabase(
  'e-mails through the queue (real SMTP)',
  (env) => {
    test('queueMail records one message per key; the worker sends it once, with a Message-ID derived from the key and its ICS attachment', async () => {
      const { ctx } = env();
      const to = uniqueEmail('patient');
      const key = `appointment:${randomUUID()}:reminder:1d`;
      const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x@parcours\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
      const mail = { ...reminder(to, key), attachments: [{ filename: 'rendez-vous.ics', contentType: 'text/calendar; method=REQUEST', content: ics }] };
      const first = await queueMail(ctx.db, mail);
      const second = await queueMail(ctx.db, { ...mail, subject: 'changed' });
      assert.equal(first.created, true);
      assert.deepEqual(second, { id: first.id, created: false });
      assert.equal((await ctx.db.select().from(mailMessages).where(eq(mailMessages.idempotencyKey, key))).length, 1);

      const worker = createWorker(ctx, { handlers: notificationJobHandlers, log: quiet });
      await worker.runDue();
      const got = await smtp.until(() => smtp.received.some((m) => recipients(m).includes(to))).then(() => smtp.received.filter((m) => recipients(m).includes(to)));
      assert.equal(got.length, 1);
      assert.equal(got[0]!.messageId, messageIdFor(key));
      assert.equal(got[0]!.subject, 'Votre rendez-vous du 12/12 à 9 h 30');
      const attachment = got[0]!.attachments[0];
      assert.equal(attachment?.filename, 'rendez-vous.ics');
      assert.equal(attachment?.contentType, 'text/calendar');
      assert.match(attachment?.content.toString() ?? '', /METHOD:REQUEST/);
      const row = await mailRow(ctx, first.id);
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 1);
      assert.ok(row.sentAt);
      assert.equal((await mailJob(ctx, first.id)).status, 'done');

      // Queued again after it was sent: nothing new goes out.
      await queueMail(ctx.db, mail);
      await worker.runDue();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(smtp.received.filter((m) => recipients(m).includes(to)).length, 1);
    });

    test('a server that refuses the first attempt (451): the mail is retried after the backoff and delivered once', async () => {
      const { ctx } = env();
      const to = uniqueEmail('retry');
      smtp.rejectFirst(to);
      const { id } = await queueMail(ctx.db, reminder(to, `retry:${randomUUID()}`));
      const c = clock();
      const worker = createWorker(ctx, { handlers: notificationJobHandlers, now: c.now, log: quiet });
      assert.equal(await worker.runDue(), 1);
      let row = await mailRow(ctx, id);
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(row.error ?? '', /451/);
      let job = await mailJob(ctx, id);
      assert.equal(job.status, 'pending');
      assert.ok(job.runAt.getTime() - c.now().getTime() >= 24_000);
      assert.equal(smtp.received.filter((m) => recipients(m).includes(to)).length, 0);

      assert.equal(await worker.runDue(), 0, 'waits for the backoff');
      c.advance(31_000);
      assert.equal(await worker.runDue(), 1);
      await smtp.until(() => smtp.received.some((m) => recipients(m).includes(to)));
      const got = smtp.received.filter((m) => recipients(m).includes(to));
      assert.equal(got.length, 1);
      assert.equal(got[0]!.messageId, row.messageId, 'the retry is the same message');
      row = await mailRow(ctx, id);
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 2);
      assert.equal(row.error, null);
      job = await mailJob(ctx, id);
      assert.equal(job.status, 'done');
      assert.equal(job.attempts, 2);
    });

    test('a refused recipient (5xx) fails at once, without retries', async () => {
      const { ctx } = env();
      const to = uniqueEmail('bounce');
      smtp.rejectFirst(to, 550);
      const { id } = await queueMail(ctx.db, reminder(to, `bounce:${randomUUID()}`));
      const worker = createWorker(ctx, { handlers: notificationJobHandlers, log: quiet });
      await worker.runDue();
      const row = await mailRow(ctx, id);
      assert.equal(row.status, 'failed');
      assert.match(row.error ?? '', /550/);
      assert.equal((await mailJob(ctx, id)).status, 'failed');
    });

    test('Mailer.send keeps sending at once, and with an idempotency key sends once', async () => {
      const { ctx } = env();
      const to = uniqueEmail('direct');
      const key = `direct:${randomUUID()}`;
      assert.equal(await ctx.mailer.send(ctx.db, reminder(to, key)), 'sent');
      assert.equal(await ctx.mailer.send(ctx.db, reminder(to, key)), 'sent');
      await new Promise((r) => setTimeout(r, 100));
      const got = smtp.received.filter((m) => recipients(m).includes(to));
      assert.equal(got.length, 1);
      assert.equal(got[0]!.messageId, messageIdFor(key));
      // Without a key, as existing callers do: sent each time, each with its own Message-ID.
      const plain = { to, subject: 'Parcours', text: 't', html: '<p>t</p>', template: 'test' };
      assert.equal(await ctx.mailer.send(ctx.db, plain), 'sent');
      await smtp.until(() => smtp.received.filter((m) => recipients(m).includes(to)).length === 2);
      const ids = smtp.received.filter((m) => recipients(m).includes(to)).map((m) => m.messageId);
      assert.notEqual(ids[0], ids[1]);
      assert.match(ids[1] ?? '', /^<[0-9a-f-]{36}@parcours>$/);
    });
  },
  { smtp: () => smtp.url },
);

for (const kind of databaseKinds()) {
  describe(`messages without SMTP, and what staff see [${kind}]`, () => {
    let e: TestEnv;
    before(async () => {
      e = await createTestEnv(kind);
    });
    after(() => e.close());

    test('without SMTP a queued mail goes to the outbox, and an admin reads it there', async () => {
      const to = uniqueEmail('outbox');
      const { id } = await queueMail(e.ctx.db, reminder(to, `outbox:${randomUUID()}`));
      await createWorker(e.ctx, { handlers: notificationJobHandlers, log: quiet }).runDue();
      assert.equal((await mailRow(e.ctx, id)).status, 'outbox');
      const admin = await e.signedIn('admin');
      const outbox = await admin.get('/api/admin/outbox');
      assert.equal(outbox.status, 200);
      const m = outbox.body.messages.find((x: { id: string }) => x.id === id);
      assert.equal(m.status, 'outbox');
      assert.equal(m.template, 'appointment.reminder');
    });

    test('GET /api/messages lists the e-mails and SMS about a client or an appointment: to whom, template, subject, status — never the body', async () => {
      const clientId = randomUUID();
      const appointmentId = randomUUID();
      const otherAppointment = randomUUID();
      const to = uniqueEmail('client');
      await queueMail(e.ctx.db, reminder(to, `m1:${randomUUID()}`, { clientId, appointmentId }));
      await queueMail(e.ctx.db, reminder(to, `m2:${randomUUID()}`, { clientId, appointmentId: otherAppointment }));
      await queueSms(e.ctx.db, { to: '+33612345678', body: 'RDV le 12/12 à 9h30 : https://parcours.test/r/x', template: 'appointment.reminder.sms', idempotencyKey: `s1:${randomUUID()}`, clientId, appointmentId });
      await queueMail(e.ctx.db, reminder(uniqueEmail('someone.else'), `m3:${randomUUID()}`, { clientId: randomUUID() }));
      await createWorker(e.ctx, { handlers: notificationJobHandlers, log: quiet }).runDue();

      const coordinator = await e.signedIn('coordinator');
      const byClient = await coordinator.get(`/api/messages?clientId=${clientId}`);
      assert.equal(byClient.status, 200);
      assert.equal(byClient.body.messages.length, 3);
      const channels = byClient.body.messages.map((m: { channel: string }) => m.channel).sort();
      assert.deepEqual(channels, ['email', 'email', 'sms']);
      for (const m of byClient.body.messages) {
        assert.deepEqual(Object.keys(m).sort(), ['attempts', 'channel', 'createdAt', 'error', 'id', 'sentAt', 'status', 'subject', 'template', 'to']);
        assert.equal(m.status, 'outbox');
      }
      const sms = byClient.body.messages.find((m: { channel: string }) => m.channel === 'sms');
      assert.equal(sms.to, '+33612345678');
      assert.equal(sms.subject, null);

      const byAppointment = await coordinator.get(`/api/messages?appointmentId=${appointmentId}`);
      assert.equal(byAppointment.body.messages.length, 2);
      assert.equal((await coordinator.get(`/api/messages?clientId=${clientId}&appointmentId=${otherAppointment}`)).body.messages.length, 1);
      assert.equal((await coordinator.get('/api/messages')).status, 400);
      const [audit] = await e.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'messages.read'));
      assert.equal(audit?.clientId, clientId);

      const client = await e.signedIn('client');
      assert.equal((await client.get(`/api/messages?clientId=${clientId}`)).status, 403);
      assert.equal((await coordinator.get('/api/admin/sms')).status, 403, 'the SMS outbox (bodies) is for admins');
    });
  });
}

test('message ids are stable per key and carry no readable key', () => {
  const key = `appointment:${randomBytes(8).toString('hex')}:reminder:1d`;
  assert.equal(messageIdFor(key), messageIdFor(key));
  assert.notEqual(messageIdFor(key), messageIdFor(`${key}x`));
  assert.match(messageIdFor(key), /^<[0-9a-f]{40}@parcours>$/);
});
