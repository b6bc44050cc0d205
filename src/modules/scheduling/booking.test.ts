import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { type Agent, describeEachDatabase } from '../../../test/support/app.ts';
import { system } from '../audit/domain.ts';
import { practicePlaces, practitioners } from '../directory/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import * as service from './service.ts';
import { listAppointments } from './store.ts';

/** Friday 20 November 2026, 11:00 in Paris: the next opening is Monday 23 at 9:00 (08:00 UTC). */
const NOW = new Date('2026-11-20T10:00:00Z');
const MONDAY_9 = '2026-11-23T08:00:00.000Z';
const MONDAY_930 = '2026-11-23T08:30:00.000Z';
const MONDAY_10 = '2026-11-23T09:00:00.000Z';

describeEachDatabase('booking: computed slots, no double booking, proposals that hold, cancel and move', (env) => {
  let coordinator: Agent;
  let practitionerId: string;
  let placeId: string;
  let clientId: string;
  let requestId: string;

  before(async () => {
    const { ctx } = env();
    ctx.now = () => NOW;
    const [p] = await ctx.db.insert(practitioners).values({ lastName: 'ROYER', firstName: 'Test', professionCode: '10', profession: 'Médecin', specialties: ['cardiology'], searchName: 'royer test', source: 'team' }).returning();
    const [pl] = await ctx.db
      .insert(practicePlaces)
      .values({ practitionerId: p?.id as string, structureKey: 'S', city: 'Paris', postalCode: '75011' })
      .returning();
    practitionerId = p?.id as string;
    placeId = pl?.id as string;
    coordinator = await env().signedIn('coordinator');
    const schedule = await coordinator.request('PUT', `/api/practitioners/${practitionerId}/schedule`, {
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ placeId, weekday, startTime: '09:00', endTime: '12:00', modes: ['in_person'] })),
      types: [{ code: 'first', label: 'Première consultation', durationMinutes: 30, mode: 'in_person' }],
      rules: { minNoticeMinutes: 120, bufferMinutes: 0, slotStepMinutes: 30, cancellationNoticeHours: 24 },
    });
    assert.equal(schedule.status, 200, JSON.stringify(schedule.body));
    const client = await coordinator.post('/api/clients', { birthName: 'Rdv', firstNames: ['Test'], birthDate: '1970-03-04', sex: 'F', confirmNotDuplicate: true });
    clientId = client.body.client.id;
    const req = await coordinator.post('/api/requests', { clientId, channel: 'phone', kind: 'specialist', text: 'Contrôle cardiologique demandé.' });
    requestId = req.body.request.id;
  });

  const slots = async (query = '') => {
    const res = await coordinator.get(`/api/slots?practitionerIds=${practitionerId}&days=7&perPractitioner=20${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.practitioners[0].slots.map((s: { startsAt: string }) => s.startsAt) as string[];
  };
  const bookAt = (startsAt: string) => coordinator.post('/api/appointments', { practitionerId, clientId, requestId, typeCode: 'first', startsAt });

  test('slots come from the weekly hours; a booked slot disappears and cannot be booked twice', async () => {
    const free = await slots();
    assert.deepEqual(free.slice(0, 3), [MONDAY_9, MONDAY_930, MONDAY_10]);
    assert.equal(free.length, 20);
    const booked = await bookAt(MONDAY_9);
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal(booked.body.appointment.endsAt, MONDAY_930);
    assert.equal(booked.body.appointment.placeId, placeId);
    assert.match(booked.body.appointment.number, /^RDV-\d{6}$/);
    assert.ok(!(await slots()).includes(MONDAY_9));
    const again = await bookAt(MONDAY_9);
    assert.equal(again.status, 409);
    assert.match(again.body.message, /n’est plus disponible/);
    const night = await bookAt('2026-11-23T20:00:00.000Z');
    assert.equal(night.status, 409);
    assert.match(night.body.message, /en dehors des horaires/);
    // A slot obtained by phone still may not overlap one booked here: the database refuses it.
    const phone = await coordinator.post('/api/appointments/external', { practitionerId, clientId, startsAt: '2026-11-23T08:15:00.000Z', durationMinutes: 20, confirmedWith: 'Secrétariat, Mme Roy' });
    assert.equal(phone.status, 409);
    const phoneOk = await coordinator.post('/api/appointments/external', { practitionerId, clientId, startsAt: '2026-11-23T13:00:00.000Z', durationMinutes: 20, confirmedWith: 'Secrétariat, Mme Roy' });
    assert.equal(phoneOk.status, 201);
    assert.equal(phoneOk.body.appointment.source, 'phone');
    assert.equal(phoneOk.body.appointment.externalNote, 'Secrétariat, Mme Roy');
  });

  test('many concurrent bookings of one slot: exactly one wins, the others are told it is gone', async () => {
    const { ctx } = env();
    const attempts = env().kind === 'postgres' ? 200 : 40;
    const startsAt = new Date('2026-11-24T08:00:00.000Z');
    const outcomes = await Promise.allSettled(Array.from({ length: attempts }, () => service.book(ctx, { practitionerId, clientId, typeCode: 'first', mode: 'in_person', startsAt }, system)));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, attempts - 1);
    for (const l of lost) assert.equal((l.reason as DomainError).code, 'slot_unavailable', String(l.reason));
    const rows = await listAppointments(ctx.db, { practitionerId, from: startsAt, to: new Date(startsAt.getTime() + 1_800_000), limit: 500 });
    assert.equal(rows.length, 1, 'no overlap in the table');
  });

  test('cancel needs a reason and frees the slot; moving is all or nothing', async () => {
    const a = await bookAt('2026-11-25T08:00:00.000Z');
    assert.equal((await coordinator.post(`/api/appointments/${a.body.appointment.id}/cancel`, { reason: ' ' })).status, 400);
    const cancelled = await coordinator.post(`/api/appointments/${a.body.appointment.id}/cancel`, { reason: 'Le client est hospitalisé' });
    assert.equal(cancelled.body.appointment.status, 'cancelled');
    assert.equal((await bookAt('2026-11-25T08:00:00.000Z')).status, 201, 'free again');

    const b = await bookAt('2026-11-25T09:00:00.000Z');
    const onTaken = await coordinator.post(`/api/appointments/${b.body.appointment.id}/reschedule`, { startsAt: '2026-11-25T08:00:00.000Z' });
    assert.equal(onTaken.status, 409);
    assert.equal((await coordinator.get(`/api/appointments/${b.body.appointment.id}`)).body.appointment.status, 'booked', 'unchanged after a refused move');
    const moved = await coordinator.post(`/api/appointments/${b.body.appointment.id}/reschedule`, { startsAt: '2026-11-25T10:00:00.000Z' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.appointment.rescheduledFromId, b.body.appointment.id);
    assert.equal((await coordinator.get(`/api/appointments/${b.body.appointment.id}`)).body.appointment.status, 'cancelled');

    // The client, through their link, must respect the 24-hour notice; staff need not.
    const soon = await bookAt('2026-11-23T10:30:00.000Z');
    const { ctx } = env();
    ctx.now = () => new Date('2026-11-22T20:00:00Z');
    try {
      await assert.rejects(service.cancel(ctx, soon.body.appointment.id, 'Empêchement', system, { byClient: true }), (err: DomainError) => err.code === 'cancellation_too_late' && err.params.hours === 24);
    } finally {
      ctx.now = () => NOW;
    }
    const noShow = await coordinator.post(`/api/appointments/${soon.body.appointment.id}/outcome`, { status: 'no_show' });
    assert.equal(noShow.body.appointment.status, 'no_show');
  });

  test('a proposal holds its slots until the client picks one; the rest, or all on expiry, are freed', async () => {
    const { ctx } = env();
    const offer = ['2026-11-26T08:00:00.000Z', '2026-11-26T08:30:00.000Z', '2026-11-26T09:00:00.000Z'];
    const proposed = await coordinator.post(`/api/requests/${requestId}/proposals`, { holdHours: 24, slots: offer.map((startsAt) => ({ practitionerId, startsAt, typeCode: 'first' })) });
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body));
    assert.deepEqual(
      proposed.body.proposal.slots.map((s: { status: string }) => s.status),
      ['held', 'held', 'held'],
    );
    const free = await slots();
    for (const s of offer) assert.ok(!free.includes(s), 'held slots are not offered to anyone else');
    assert.equal((await bookAt(offer[0] as string)).status, 409);

    const picked = await service.acceptProposal(ctx, proposed.body.proposal.id, proposed.body.proposal.slots[1].id, system);
    assert.equal(picked.appointment.status, 'booked');
    const after = await slots();
    assert.ok(after.includes(offer[0] as string) && after.includes(offer[2] as string) && !after.includes(offer[1] as string));
    await assert.rejects(service.acceptProposal(ctx, proposed.body.proposal.id, proposed.body.proposal.slots[0].id, system), (err: DomainError) => err.code === 'proposal_not_found', 'used once');

    const unanswered = await coordinator.post(`/api/requests/${requestId}/proposals`, { holdHours: 2, slots: [{ practitionerId, startsAt: '2026-11-27T08:00:00.000Z', typeCode: 'first' }] });
    assert.equal(unanswered.status, 201);
    assert.ok(!(await slots()).includes('2026-11-27T08:00:00.000Z'));
    // Three hours later (the service directly: the test's session would have expired by then).
    ctx.now = () => new Date(NOW.getTime() + 3 * 3_600_000);
    try {
      const later = await service.searchSlots(ctx, { practitionerIds: [practitionerId], mode: 'in_person', from: ctx.now(), to: new Date(NOW.getTime() + 8 * 86_400_000), perPractitioner: 50 });
      assert.ok(later[0]?.slots.some((s) => s.start.toISOString() === '2026-11-27T08:00:00.000Z'), 'an expired hold frees its slot');
      const rebooked = await service.book(ctx, { practitionerId, clientId, typeCode: 'first', mode: 'in_person', startsAt: new Date('2026-11-27T08:00:00.000Z') }, system);
      assert.equal(rebooked.appointment.status, 'booked');
      await assert.rejects(service.acceptProposal(ctx, unanswered.body.proposal.id, unanswered.body.proposal.slots[0].id, system), (err: DomainError) => err.code === 'proposal_not_found');
    } finally {
      ctx.now = () => NOW;
    }
  });

  test('the client answers a proposal from the link or the portal, and follows it in a calendar feed', async () => {
    const { ctx } = env();
    const coordinatorUser = (await coordinator.get('/api/auth/me')).body.user;
    const actor = { ...system, id: coordinatorUser.id };
    const first = await service.propose(ctx, { requestId, holdHours: 24, slots: [{ practitionerId, startsAt: new Date('2026-11-30T08:00:00.000Z'), typeCode: 'first', mode: 'in_person' }, { practitionerId, startsAt: new Date('2026-11-30T08:30:00.000Z'), typeCode: 'first', mode: 'in_person' }] }, actor);
    const anonymous = env().agent();
    const page = await anonymous.get(`/api/public/proposals/${first.token}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.proposal.slots.length, 2);
    assert.equal(page.body.proposal.slots[0].practitionerName, 'Test ROYER');
    assert.ok(!JSON.stringify(page.body).includes('cardiolog'), 'no specialty on the public page');
    const accepted = await anonymous.post(`/api/public/proposals/${first.token}/accept`, { appointmentId: page.body.proposal.slots[1].id });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.appointment.startsAt, '2026-11-30T08:30:00.000Z');
    assert.equal((await anonymous.post(`/api/public/proposals/${first.token}/accept`, { appointmentId: page.body.proposal.slots[0].id })).status, 404);
    assert.equal((await anonymous.get('/api/public/proposals/not-a-real-token-not-a-real-token')).status, 404);

    // The portal: the client account linked to the record sees the appointment and a new proposal.
    const client = await env().signedIn('client');
    const admin = await env().signedIn('admin');
    const clientUser = (await client.get('/api/auth/me')).body.user;
    assert.equal((await admin.request('PATCH', `/api/admin/users/${clientUser.id}`, { clientId })).status, 200);
    await client.login(client.email, client.password); // changing an account signs it out everywhere
    await service.propose(ctx, { requestId, holdHours: 24, slots: [{ practitionerId, startsAt: new Date('2026-12-01T08:00:00.000Z'), typeCode: 'first', mode: 'in_person' }] }, actor);
    const portalRes = await client.get('/api/portal/appointments');
    assert.equal(portalRes.status, 200, JSON.stringify(portalRes.body));
    const mine = portalRes.body;
    assert.ok(mine.appointments.some((a: { startsAt: string; status: string }) => a.startsAt === '2026-11-30T08:30:00.000Z' && a.status === 'booked'));
    assert.equal(mine.proposals.length, 1);
    const chosen = await client.post(`/api/portal/proposals/${mine.proposals[0].id}/accept`, { appointmentId: mine.proposals[0].slots[0].id });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    assert.equal(chosen.body.appointment.status, 'booked');
    const other = await env().signedIn('client');
    assert.equal((await other.post(`/api/portal/appointments/${chosen.body.appointment.id}/cancel`, { reason: 'x' })).status, 404, 'not their appointment');
    const cancelled = await client.post(`/api/portal/appointments/${chosen.body.appointment.id}/cancel`, { reason: 'Je serai en déplacement' });
    assert.equal(cancelled.body.appointment.status, 'cancelled');

    // Calendar feeds, read back by an independent parser.
    const { default: ICAL } = await import('ical.js');
    const feed = await client.post('/api/portal/calendar-feed', {});
    const path = new URL(feed.body.url).pathname;
    const ics = await anonymous.request('GET', path);
    assert.equal(ics.status, 200);
    assert.match(String(ics.headers['content-type']), /text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(ics.body)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const starts = events.map((e) => e.startDate.toJSDate().toISOString());
    assert.ok(starts.includes('2026-11-30T08:30:00.000Z'), 'the booked appointment is in the feed');
    assert.ok(!starts.includes('2026-12-01T08:00:00.000Z'), 'the cancelled one is gone');
    assert.equal(starts.length, new Set(starts).size);
    assert.ok(events.every((e) => !/cardio/i.test(`${e.summary} ${e.location}`)), 'no specialty in the feed');
    const renewed = await client.post('/api/portal/calendar-feed', {});
    assert.notEqual(renewed.body.url, feed.body.url);
    assert.equal((await anonymous.request('GET', path)).status, 404, 'the old address stops working');
  });

  test('transport and lodging attach to an appointment and land in the coordinator’s tasks', async () => {
    const a = await bookAt('2026-11-25T10:30:00.000Z');
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const taxi = await coordinator.post(`/api/appointments/${a.body.appointment.id}/logistics`, { kind: 'taxi', details: 'Aller-retour depuis le domicile, fauteuil pliable', costCents: 4500, startsAt: '2026-11-25T09:45:00.000Z' });
    assert.equal(taxi.status, 201, JSON.stringify(taxi.body));
    assert.equal((await coordinator.post(`/api/appointments/${a.body.appointment.id}/logistics`, { kind: 'helicopter' })).status, 400);
    const detail = await coordinator.get(`/api/requests/${requestId}`);
    const titles = JSON.stringify(detail.body);
    assert.ok(titles.includes(`Organiser : taxi conventionné — ${a.body.appointment.number}`), 'a task for the coordinator');
    const confirmed = await coordinator.request('PATCH', `/api/logistics/${taxi.body.logistics.id}`, { status: 'confirmed' });
    assert.equal(confirmed.body.logistics.status, 'confirmed');
    const list = await coordinator.get(`/api/appointments/${a.body.appointment.id}/logistics`);
    assert.deepEqual(
      list.body.logistics.map((l: { kind: string; costCents: number }) => [l.kind, l.costCents]),
      [['taxi', 4500]],
    );
  });

  test('a cancelled slot is offered to the first client on the waiting list', async () => {
    const other = await coordinator.post('/api/clients', { birthName: 'Attente', firstNames: ['Léo'], birthDate: '1975-05-06', sex: 'M', confirmNotDuplicate: true });
    const otherRequest = await coordinator.post('/api/requests', { clientId: other.body.client.id, channel: 'phone', kind: 'specialist', text: 'Souhaite un rendez-vous plus tôt.' });
    const joined = await coordinator.post('/api/waitlist', { clientId: other.body.client.id, practitionerId, requestId: otherRequest.body.request.id, latest: '2026-12-31T00:00:00.000Z' });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
    assert.equal((await coordinator.get(`/api/practitioners/${practitionerId}/waitlist`)).body.entries.length, 1);

    const a = await bookAt('2026-11-26T10:00:00.000Z');
    assert.equal(a.status, 201, JSON.stringify(a.body));
    await coordinator.post(`/api/appointments/${a.body.appointment.id}/cancel`, { reason: 'Le client a trouvé plus près' });
    const offers = (await coordinator.get(`/api/requests/${otherRequest.body.request.id}/proposals`)).body.proposals;
    assert.equal(offers.length, 1);
    assert.deepEqual(
      offers[0].slots.map((x: { startsAt: string; status: string }) => [x.startsAt, x.status]),
      [['2026-11-26T10:00:00.000Z', 'held']],
    );
    assert.equal((await coordinator.get(`/api/practitioners/${practitionerId}/waitlist`)).body.entries.length, 0, 'offered: no longer waiting');
  });
});
