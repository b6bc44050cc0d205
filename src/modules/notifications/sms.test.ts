import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { loadConfig } from '../../platform/config.ts';
import { DomainError } from '../../platform/errors.ts';
import { createWorker, type WorkerLog } from '../jobs/queue.ts';
import { jobs } from '../jobs/schema.ts';
import { notificationJobHandlers } from './jobs.ts';
import { smsMessages } from './schema.ts';
import { createBrevoSms, createSmsProvider, needsUnicode, outboxSms, queueSms, type SmsProvider } from './sms.ts';

const quiet: WorkerLog = { info() {}, warn() {}, error() {} };
const API_KEY = 'xkeysib-test-0123456789';

/** A stand-in for Brevo's API: checks what a real one requires, answers what a real one answers. */
interface FakeBrevo {
  url: string;
  requests: { path: string; apiKey: string | undefined; contentType: string | undefined; body: any }[];
  /** Next answers, consumed in order; then 201. */
  failures: { status: number; body: unknown }[];
  close(): Promise<void>;
}

async function startFakeBrevo(): Promise<FakeBrevo> {
  const requests: FakeBrevo['requests'] = [];
  const failures: FakeBrevo['failures'] = [];
  let nextId = 1511882900176220;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c));
      req.on('end', () => resolve(data));
    });
  const server: Server = createServer(async (req, res) => {
    const raw = await read(req);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {}
    requests.push({ path: req.url ?? '', apiKey: req.headers['api-key'] as string | undefined, contentType: req.headers['content-type'], body });
    if (req.method !== 'POST' || req.url !== '/v3/transactionalSMS/sms') return answer(404, { code: 'not_found', message: 'Not found' });
    if (req.headers['api-key'] !== API_KEY) return answer(401, { code: 'unauthorized', message: 'Key not found' });
    if (!body || typeof body.sender !== 'string' || typeof body.recipient !== 'string' || typeof body.content !== 'string') {
      return answer(400, { code: 'missing_parameter', message: 'sender, recipient and content are required' });
    }
    if (!/^\d{6,15}$/.test(body.recipient)) return answer(400, { code: 'invalid_parameter', message: 'Invalid phone number' });
    const failure = failures.shift();
    if (failure) return answer(failure.status, failure.body);
    answer(201, { reference: 'ab1cde2fgh3i4jklmno', messageId: nextId++, smsCount: 1, usedCredits: 0.7, remainingCredits: 82.85 });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failures,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let brevo: FakeBrevo;
before(async () => {
  brevo = await startFakeBrevo();
});
after(() => brevo.close());

test('the Brevo adapter posts the documented request and returns Brevo’s message id', async () => {
  const sms = createBrevoSms({ apiKey: API_KEY, sender: 'Parcours', baseUrl: `${brevo.url}/` });
  assert.equal(sms.name, 'brevo');
  assert.equal(sms.configured, true);
  const { providerMessageId } = await sms.send({ to: '+33612345678', body: 'RDV le 12/12 a 9h30 : https://parcours.test/r/x' });
  assert.match(providerMessageId ?? '', /^\d+$/);
  const req = brevo.requests.at(-1)!;
  assert.equal(req.path, '/v3/transactionalSMS/sms');
  assert.equal(req.apiKey, API_KEY);
  assert.equal(req.contentType, 'application/json');
  assert.deepEqual(req.body, { sender: 'Parcours', recipient: '33612345678', content: 'RDV le 12/12 a 9h30 : https://parcours.test/r/x', type: 'transactional' });

  await sms.send({ to: '+33612345678', body: 'Votre rendez-vous du 12/12 à 9 h 30 — détails : https://parcours.test/r/x' });
  assert.equal(brevo.requests.at(-1)!.body.unicodeEnabled, true, 'the dash is not in the GSM alphabet');

  const wrongKey = createBrevoSms({ apiKey: 'nope', sender: 'Parcours', baseUrl: brevo.url });
  await assert.rejects(wrongKey.send({ to: '+33612345678', body: 'x' }), (e: any) => e.status === 401 && e.permanent === false && /unauthorized/.test(e.message));
  await assert.rejects(sms.send({ to: '+3', body: 'x' }), (e: any) => e.status === 400 && e.permanent === true);
  const unreachable = createBrevoSms({ apiKey: API_KEY, sender: 'Parcours', baseUrl: 'http://127.0.0.1:1' });
  await assert.rejects(unreachable.send({ to: '+33612345678', body: 'x' }), (e: any) => e.permanent === false && /unreachable/.test(e.message));
});

test('GSM-7 or Unicode: accents of the GSM alphabet pass, others need Unicode', () => {
  assert.equal(needsUnicode('Rendez-vous le 12/12 à 9h30, après-midi. Détails : https://x.fr/r?a=1&b=2'), false);
  assert.equal(needsUnicode('Votre rendez-vous de jeudi — détails'), true);
  assert.equal(needsUnicode('Prêt ?'), true);
  assert.equal(needsUnicode('Réponse {OK} [1] ~ €'), false);
});

test('SMS configuration: Brevo when SMS_PROVIDER=brevo with its key and sender, else the outbox', () => {
  const base = loadConfig({});
  assert.equal(base.smsProvider, undefined);
  assert.equal(base.smsApiUrl, 'https://api.brevo.com');
  assert.equal(createSmsProvider(base), outboxSms);
  const configured = loadConfig({ SMS_PROVIDER: 'brevo', SMS_API_KEY: API_KEY, SMS_SENDER: 'Parcours', SMS_API_URL: 'https://sms.example/' });
  assert.equal(configured.smsApiUrl, 'https://sms.example');
  assert.equal(createSmsProvider(configured).name, 'brevo');
  assert.throws(() => loadConfig({ SMS_PROVIDER: 'brevo' }), /SMS_API_KEY/);
  assert.throws(() => loadConfig({ SMS_PROVIDER: 'twilio', SMS_API_KEY: 'k', SMS_SENDER: 's' }), /SMS_PROVIDER/);
});

describeEachDatabase('SMS through the queue', (env) => {
  const smsRow = async (id: string) => (await env().ctx.db.select().from(smsMessages).where(eq(smsMessages.id, id)))[0]!;
  const withSms = (sms: SmsProvider) => ({ ...env().ctx, sms });

  test('with the outbox adapter an SMS is recorded and kept, visible to admins', async () => {
    const { ctx } = env();
    assert.equal(ctx.sms, outboxSms, 'tests use the outbox unless they bring a provider');
    const key = `appointment:${randomUUID()}:sms:1d`;
    const first = await queueSms(ctx.db, { to: '+33612345678', body: 'RDV demain 9h30 : https://parcours.test/r/a', template: 'appointment.reminder.sms', idempotencyKey: key });
    const again = await queueSms(ctx.db, { to: '+33612345678', body: 'other', template: 'appointment.reminder.sms', idempotencyKey: key });
    assert.deepEqual(again, { id: first.id, created: false });
    await createWorker(ctx, { handlers: notificationJobHandlers, log: quiet }).runDue();
    const row = await smsRow(first.id);
    assert.equal(row.status, 'outbox');
    assert.equal(row.provider, 'outbox');
    assert.equal(row.attempts, 0);

    const admin = await env().signedIn('admin');
    const list = await admin.get('/api/admin/sms');
    assert.equal(list.status, 200);
    assert.equal(list.body.providerConfigured, false);
    const m = list.body.messages.find((x: { id: string }) => x.id === first.id);
    assert.equal(m.to, '+33612345678');
    assert.equal(m.body, 'RDV demain 9h30 : https://parcours.test/r/a');
    assert.equal(m.status, 'outbox');
  });

  test('with Brevo the SMS is sent once and records Brevo’s id; a 5xx is retried, a 400 fails for good', async () => {
    const { ctx } = env();
    let t = Date.now();
    const c = { now: () => new Date(t) };
    const ctxBrevo = withSms(createBrevoSms({ apiKey: API_KEY, sender: 'Parcours', baseUrl: brevo.url }));
    const worker = createWorker(ctxBrevo, { handlers: notificationJobHandlers, now: c.now, log: quiet });

    brevo.failures.push({ status: 503, body: { code: 'service_unavailable', message: 'Try later' } });
    const before = brevo.requests.length;
    const { id } = await queueSms(ctx.db, { to: '+33698765432', body: 'RDV le 12/12 a 9h30', template: 'appointment.reminder.sms', idempotencyKey: `brevo:${randomUUID()}` });
    t = Date.now();
    assert.equal(await worker.runDue(), 1);
    let row = await smsRow(id);
    assert.equal(row.status, 'pending');
    assert.match(row.error ?? '', /Brevo 503: service_unavailable/);
    t += 31_000;
    assert.equal(await worker.runDue(), 1);
    row = await smsRow(id);
    assert.equal(row.status, 'sent');
    assert.equal(row.provider, 'brevo');
    assert.match(row.providerMessageId ?? '', /^\d+$/);
    assert.equal(row.attempts, 2);
    assert.equal(row.error, null);
    assert.equal(brevo.requests.length - before, 2);
    t += 3_600_000;
    assert.equal(await worker.runDue(), 0, 'nothing left to send');

    // An invalid number that passed as E.164 but that Brevo refuses: failed, no retry.
    brevo.failures.push({ status: 400, body: { code: 'invalid_parameter', message: 'Invalid phone number' } });
    const bad = await queueSms(ctx.db, { to: '+33100000000', body: 'x', template: 't', idempotencyKey: `bad:${randomUUID()}` });
    await worker.runDue();
    row = await smsRow(bad.id);
    assert.equal(row.status, 'failed');
    assert.match(row.error ?? '', /400/);
    const [job] = await ctx.db.select().from(jobs).where(eq(jobs.idempotencyKey, `sms:${bad.id}`));
    assert.equal(job?.status, 'failed');
  });

  test('a number that is not E.164 is refused before anything is recorded', async () => {
    const { ctx } = env();
    await assert.rejects(
      queueSms(ctx.db, { to: '06 12 34 56 78', body: 'x', template: 't', idempotencyKey: `e164:${randomUUID()}` }),
      (e: unknown) => e instanceof DomainError && e.code === 'phone_invalid',
    );
  });
});
