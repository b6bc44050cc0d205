import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase, type TestEnv } from '../../../test/support/app.ts';
import { mailMessages } from '../notifications/schema.ts';

let seq = 0;
async function newClient(env: TestEnv, agent: Awaited<ReturnType<TestEnv['signedIn']>>) {
  seq++;
  const res = await agent.post('/api/clients', { birthName: `Client${seq}${env.kind}`, firstNames: ['Test'], birthDate: `1970-01-0${(seq % 9) + 1}`, sex: 'M' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.client as { id: string; number: string };
}

const CHEST = 'douleur dans la poitrine qui serre et irradie dans le bras gauche, sueurs';
const MOLE = "J'ai un grain de beauté qui a changé de forme et de couleur depuis quelques mois";

describeEachDatabase('requests, triage and the queue', (env) => {
  test('a phone request gets a triage proposal with reasons; the advisor confirms it and the request is qualified', async () => {
    const advisor = await env().signedIn('advisor');
    const client = await newClient(env(), advisor);
    const res = await advisor.post('/api/requests', { clientId: client.id, channel: 'phone', kind: 'specialist', text: MOLE, requester: 'lui-même' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const r = res.body.request;
    assert.match(r.number, /^DM-\d{6}$/);
    assert.equal(r.status, 'new');
    assert.equal(r.triage.specialty, 'dermatology');
    assert.notEqual(r.urgency, 'emergency');
    assert.ok(r.triage.reasons.length > 0, 'the triage says why');
    assert.equal(r.client.number, client.number);
    assert.ok(r.firstResponseDueAt);

    const override = await advisor.post(`/api/requests/${r.id}/triage`, { urgency: 'urgent', specialty: 'dermatology' });
    assert.equal(override.status, 400);
    assert.equal(override.body.fields[0].path, 'reason');
    const confirmed = await advisor.post(`/api/requests/${r.id}/triage`, { urgency: r.triage.urgency, specialty: 'dermatology' });
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.request.status, 'qualified');
    assert.equal(confirmed.body.request.triageDecision.overridden, false);
    assert.ok(confirmed.body.request.firstRespondedAt);
  });

  test('an emergency triage triggers the protocol: top of the queue, coordinators alerted in-app and by e-mail, steps time-stamped, follow-up task', async () => {
    const advisor = await env().signedIn('advisor');
    const coordinator = await env().signedIn('coordinator');
    const client = await newClient(env(), advisor);
    await advisor.post('/api/requests', { clientId: client.id, channel: 'phone', kind: 'information', text: 'Renouvellement de mes lunettes, rien de pressé' });
    const res = await advisor.post('/api/requests', { clientId: client.id, channel: 'phone', kind: 'specialist', text: CHEST });
    const r = res.body.request;
    assert.equal(r.urgency, 'emergency');
    assert.equal(r.triage.specialty, 'cardiology');
    assert.ok(r.triage.redFlags.length > 0);
    assert.ok(r.emergency?.activatedAt);
    assert.equal(r.emergency.source, 'triage');

    const queue = await coordinator.get('/api/requests');
    assert.equal(queue.body.requests[0].id, r.id, 'first in the queue');
    assert.ok(queue.body.counters.emergency >= 1);

    const inbox = await coordinator.get('/api/inbox');
    const alert = inbox.body.items.find((i: { requestId: string }) => i.requestId === r.id);
    assert.equal(alert.kind, 'emergency');
    assert.ok(!alert.title.includes('poitrine'), 'no health data in the notification');
    const mails = await env().ctx.db.select().from(mailMessages);
    const mail = mails.find((m) => m.toAddress === coordinator.email);
    assert.ok(mail, 'the coordinator got an e-mail');
    assert.ok(!/poitrine|cardio/i.test(mail.subject + mail.textBody));

    for (const step of ['guidance_given', 'samu_called', 'resolved']) {
      assert.equal((await advisor.post(`/api/requests/${r.id}/emergency/steps`, { step })).status, 200);
    }
    const detail = await advisor.get(`/api/requests/${r.id}`);
    const emergencyEvents = detail.body.history.filter((h: { type: string }) => h.type === 'emergency').map((h: { data: { step: string } }) => h.data.step);
    assert.deepEqual(emergencyEvents, ['activated', 'guidance_given', 'samu_called', 'resolved']);
    assert.ok(detail.body.request.emergency.resolvedAt);
    assert.ok(detail.body.tasks.some((t: { title: string }) => /post-urgence/.test(t.title)), 'a follow-up task was created');
    assert.equal((await advisor.post(`/api/requests/${r.id}/emergency/steps`, { step: 'samu_called' })).status, 409);
  });

  test('staff can raise the emergency protocol on any request', async () => {
    const coordinator = await env().signedIn('coordinator');
    const client = await newClient(env(), coordinator);
    const r = (await coordinator.post('/api/requests', { clientId: client.id, channel: 'email', kind: 'exam', text: 'Bilan sanguin annuel' })).body.request;
    const raised = await coordinator.post(`/api/requests/${r.id}/emergency`, { reason: 'Le client rappelle : malaise' });
    assert.equal(raised.body.request.urgency, 'emergency');
    assert.equal(raised.body.request.emergency.source, 'staff');
  });

  test('assignment, notes with @mentions, tasks, and the workflow with its history', async () => {
    const advisor = await env().signedIn('advisor');
    const coordinator = await env().signedIn('coordinator');
    const client = await newClient(env(), advisor);
    const r = (await advisor.post('/api/requests', { clientId: client.id, channel: 'phone', kind: 'specialist', text: MOLE })).body.request;
    const coordinatorId = (await coordinator.get('/api/auth/me')).body.user.id;
    const assigned = await advisor.post(`/api/requests/${r.id}/assign`, { assigneeId: coordinatorId });
    assert.equal(assigned.body.request.assignee.id, coordinatorId);
    const mine = await coordinator.get('/api/requests?scope=mine');
    assert.ok(mine.body.requests.some((x: { id: string }) => x.id === r.id));
    const unassigned = await coordinator.get('/api/requests?scope=unassigned');
    assert.ok(!unassigned.body.requests.some((x: { id: string }) => x.id === r.id));

    const handle = coordinator.email.split('@')[0];
    const note = await advisor.post(`/api/requests/${r.id}/notes`, { body: `@${handle} peux-tu chercher un dermatologue cette semaine ?` });
    assert.equal(note.status, 201);
    assert.equal(note.body.note.mentions[0].id, coordinatorId);
    const inbox = await coordinator.get('/api/inbox');
    assert.ok(inbox.body.items.some((i: { kind: string; requestId: string }) => i.kind === 'mention' && i.requestId === r.id));
    assert.ok(inbox.body.unread >= 2, 'assigned + mentioned');

    const task = await advisor.post(`/api/requests/${r.id}/tasks`, { title: 'Appeler le cabinet', dueAt: new Date(Date.now() + 3_600_000).toISOString(), ownerId: coordinatorId });
    assert.equal(task.status, 201);
    const done = await coordinator.request('PATCH', `/api/requests/${r.id}/tasks/${task.body.task.id}`, { done: true });
    assert.ok(done.body.task.doneAt);

    assert.equal((await advisor.post(`/api/requests/${r.id}/status`, { to: 'booked' })).status, 409);
    for (const to of ['qualified', 'searching', 'proposed', 'booked']) assert.equal((await advisor.post(`/api/requests/${r.id}/status`, { to })).status, 200, to);
    const cancelNoReason = await advisor.post(`/api/requests/${r.id}/status`, { to: 'cancelled' });
    assert.equal(cancelNoReason.status, 400);
    const detail = await advisor.get(`/api/requests/${r.id}`);
    assert.deepEqual(detail.body.allowedTransitions, ['follow_up', 'proposed', 'cancelled']);
    const types = detail.body.history.map((h: { type: string }) => h.type);
    assert.deepEqual(types.slice(0, 2), ['created', 'assigned']);
    assert.equal(types.filter((t: string) => t === 'status').length, 4);
    assert.equal(detail.body.notes[0].body, `@${handle} peux-tu chercher un dermatologue cette semaine ?`);
    assert.equal(detail.body.history.find((h: { type: string }) => h.type === 'assigned').data.to.id, coordinatorId);
  });

  test('queue filters and counters; bad input is a 4xx', async () => {
    const advisor = await env().signedIn('advisor');
    const client = await newClient(env(), advisor);
    await advisor.post('/api/requests', { clientId: client.id, channel: 'phone', kind: 'specialist', text: MOLE });
    const derm = await advisor.get('/api/requests?specialty=dermatology');
    assert.ok(derm.body.requests.length >= 1);
    assert.ok(derm.body.requests.every((x: { specialty: string }) => x.specialty === 'dermatology'));
    const byClient = await advisor.get(`/api/requests?clientId=${client.id}`);
    assert.equal(byClient.body.counters.total, 1);
    assert.equal((await advisor.post('/api/requests', { clientId: client.id, channel: 'fax', kind: 'specialist', text: 'x' })).status, 400);
    assert.equal((await advisor.post('/api/requests', { clientId: '00000000-0000-4000-8000-000000000000', channel: 'phone', kind: 'specialist', text: 'bonjour' })).status, 404);
    assert.equal((await advisor.get('/api/requests/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  test('the public form creates a pending client and a request, and requires consent', async () => {
    const visitor = env().agent();
    const body = { birthName: 'Publique', firstName: 'Zoé', birthDate: '1988-07-14', sex: 'F', email: 'zoe@example.test', kind: 'specialist', text: MOLE, consent: false };
    const refused = await visitor.post('/api/public/requests', body);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.fields[0].path, 'consent');
    const ok = await visitor.post('/api/public/requests', { ...body, consent: true });
    assert.equal(ok.status, 202);
    assert.match(ok.body.number, /^DM-/);
    const advisor = await env().signedIn('advisor');
    const found = await advisor.get('/api/clients?q=publique');
    assert.equal(found.body.clients[0].status, 'pending');
    const queue = await advisor.get(`/api/requests?clientId=${found.body.clients[0].id}`);
    assert.equal(queue.body.requests[0].channel, 'public_form');
  });

  test('the live stream tells open screens which request changed', async () => {
    const advisor = await env().signedIn('advisor');
    const client = await newClient(env(), advisor);
    await env().app.listen({ port: 0, host: '127.0.0.1' });
    const address = env().app.server.address() as { port: number };
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${address.port}/api/requests/stream`, { headers: { cookie: advisor.cookie ?? '' }, signal: controller.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const created = (await advisor.post('/api/requests', { clientId: client.id, channel: 'phone', kind: 'specialist', text: MOLE })).body.request;
    let received = '';
    while (!received.includes(created.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    assert.match(received, new RegExp(`"type":"request.changed","id":"${created.id}"`));
    assert.ok(!received.includes('grain de beauté'), 'ids only, no content');
  });
});

describeEachDatabase('the client portal', (env) => {
  test('a client linked to their record sends requests and sees them; an emergency is told to call 15/112 at once', async () => {
    const admin = await env().signedIn('admin');
    const client = await newClient(env(), admin);
    const person = await env().signedIn('client');
    const unlinked = await person.get('/api/portal/requests');
    assert.deepEqual(unlinked.body, { client: null, requests: [] });
    assert.equal((await person.post('/api/portal/requests', { kind: 'specialist', text: MOLE })).body.code, 'no_client_record');

    const userId = (await person.get('/api/auth/me')).body.user.id;
    assert.equal((await admin.request('PATCH', `/api/admin/users/${userId}`, { clientId: '00000000-0000-4000-8000-000000000000' })).status, 404);
    assert.equal((await admin.request('PATCH', `/api/admin/users/${userId}`, { clientId: client.id })).status, 200);
    // Linking ends the sessions (what the account may see changed): sign in again.
    assert.equal((await person.login(person.email, person.password)).status, 200);

    const sent = await person.post('/api/portal/requests', { kind: 'specialist', text: MOLE, preferredDates: 'les mardis' });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.emergency, false);
    assert.equal(sent.body.request.status, 'new');
    const urgent = await person.post('/api/portal/requests', { kind: 'information', text: `mon père a une ${CHEST}` });
    assert.equal(urgent.body.emergency, true);
    const mine = await person.get('/api/portal/requests');
    assert.equal(mine.body.client.number, client.number);
    assert.deepEqual(mine.body.requests.map((r: { number: string }) => r.number), [urgent.body.request.number, sent.body.request.number]);
    assert.ok(!('triage' in mine.body.requests[0]), 'the team’s triage stays internal');

    const staffView = await admin.get(`/api/requests?clientId=${client.id}`);
    assert.ok(staffView.body.requests.every((r: { channel: string }) => r.channel === 'portal'));
    assert.equal((await person.get('/api/requests')).status, 403, 'a client never sees the team queue');
  });
});
