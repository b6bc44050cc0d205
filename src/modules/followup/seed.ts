/**
 * Demo follow-up and satisfaction (fake data): Antonio Da Silva's knee consultation took place three
 * days ago — his request is in follow-up with its plan (the report already collected); and a few
 * months of answered surveys for demo practitioners, one of them negative (a call-back task on the
 * request). Idempotent: does nothing once any survey exists.
 */
import { system } from '../audit/domain.ts';
import { findClients } from '../clients/store.ts';
import { searchPractitioners, insertReview } from '../directory/store.ts';
import { findUserByEmail } from '../identity/store.ts';
import { listRequests } from '../requests/store.ts';
import { insertAppointment } from '../scheduling/store.ts';
import { setOutcome } from '../scheduling/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { hashToken, newToken } from '../../platform/crypto.ts';
import { surveyExpiry } from './domain.ts';
import { answerSurvey, completeStep, followupView } from './service.ts';
import * as store from './store.ts';

const COMMENTS = ['Équipe très réactive, rendez-vous obtenu en deux jours.', 'Merci pour l’accompagnement.', null, 'Un peu d’attente au cabinet, mais très bonne prise en charge.', null, 'Parfait.'];

export async function seedFollowup(ctx: AppContext): Promise<void> {
  if ((await ctx.db.query.surveys.findFirst({ columns: { id: true } })) !== undefined) return;
  const coordinator = await findUserByEmail(ctx.db, 'coordination@parcours.demo');
  const staff = coordinator ? { ...system, id: coordinator.id, email: coordinator.email, role: coordinator.role } : system;
  const day = (daysAgo: number) => new Date(ctx.now().getTime() - daysAgo * 86_400_000);
  const all = await listRequests(ctx.db, {});
  const knee = all.find(({ client }) => client.birthName === 'Da Silva')?.request;
  const everyone = await searchPractitioners(ctx.db, { limit: 50 });
  if (!knee || everyone.length === 0) return;
  const practitioner = (knee.specialty ? (await searchPractitioners(ctx.db, { specialty: knee.specialty, limit: 1 }))[0] : undefined) ?? everyone[0];
  if (!practitioner) return;

  // The consultation three days ago (entered as obtained by phone), then honoured: plan + survey job.
  const startsAt = new Date(day(3).setUTCHours(9, 0, 0, 0));
  const appointment = await insertAppointment(ctx.db, {
    practitionerId: practitioner.id,
    clientId: knee.clientId,
    requestId: knee.id,
    typeCode: 'first',
    mode: 'in_person',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 30 * 60_000),
    status: 'booked',
    source: 'phone',
    externalNote: 'Secrétariat du cabinet (démo)',
    bookedById: coordinator?.id ?? null,
  });
  await setOutcome(ctx, appointment.id, 'completed', staff);
  const view = await followupView(ctx, knee.id, staff);
  const report = view.plans[0]?.steps.find((s) => s.step === 'collect_report');
  if (report) await completeStep(ctx, knee.id, report.taskId, { action: 'done' }, staff);

  // Six months of answers for a few practitioners (the chart has something to show).
  const clients = await findClients(ctx.db, [...new Set(all.map(({ request }) => request.clientId))]);
  const rated = everyone.slice(0, 3);
  const scores: [number, number][] = [
    [5, 10],
    [4, 9],
    [5, 9],
    [4, 8],
    [3, 7],
    [5, 10],
    [4, 9],
    [5, 8],
    [4, 10],
    [5, 9],
  ];
  for (const [i, [csat, nps]] of scores.entries()) {
    const client = clients[i % clients.length];
    const p = rated[i % rated.length];
    if (!client || !p) continue;
    const sentAt = day(170 - i * 17);
    const s = await store.insertSurvey(ctx.db, { clientId: client.id, trigger: 'appointment', practitionerId: p.id, tokenHash: hashToken(newToken()), sentAt, expiresAt: surveyExpiry(sentAt) });
    const comment = COMMENTS[i % COMMENTS.length] ?? null;
    await store.answerSurvey(ctx.db, s.id, new Date(sentAt.getTime() + 5 * 3_600_000), { csat, nps, commentSealed: comment ? ctx.vault.seal(comment, `followup.survey.comment:${s.id}`) : null });
    await insertReview(ctx.db, { practitionerId: p.id }, { source: 'survey', rating: csat, comment: null, authorId: null });
  }

  // A negative answer about another request, through the real path: rating, then a call-back task.
  const other = all.find(({ request }) => request.id !== knee.id && request.assigneeId)?.request ?? all.find(({ request }) => request.id !== knee.id)?.request;
  if (other) {
    const token = newToken();
    const sentAt = day(1);
    await store.insertSurvey(ctx.db, { clientId: other.clientId, trigger: 'appointment', requestId: other.id, practitionerId: practitioner.id, tokenHash: hashToken(token), sentAt, expiresAt: surveyExpiry(sentAt) });
    await answerSurvey(ctx, token, { csat: 2, nps: 4, comment: 'Personne ne m’a rappelé après le rendez-vous.' }, { ...system, email: 'démo' });
  }
}
