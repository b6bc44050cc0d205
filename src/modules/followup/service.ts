/**
 * Follow-up after care and satisfaction.
 *
 * - A completed appointment moves its request to follow-up and gives it a plan (four tasks), once
 *   per appointment whoever marks it completed (staff, or the end of a teleconsultation).
 * - Closing is one click, never automatic: « clôturée » is final in the workflow, and a coordinator
 *   often adds a last task (a call back, an exam) when the plan looks done. The request cannot be
 *   closed while a task is open (hooks.ts).
 * - Surveys go out through the job queue 2 h after the consultation's end and at closure, with a
 *   secret link (only its hash is kept); an answer rates the practitioner in the directory (CSAT as
 *   the rating, source 'survey') and a negative one gives the request's assignee a task to call back
 *   (the first active admin when nobody is assigned: someone must own it).
 */
// The full metadata knows which numbers are mobiles (the default one does not).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { hashToken, newToken } from '../../platform/crypto.ts';
import { DomainError, type Locale } from '../../platform/errors.ts';
import { type Actor, system } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { displayName } from '../clients/domain.ts';
import { pharmacyOf, setUsualPharmacy } from '../clients/service.ts';
import { findClient, findClients } from '../clients/store.ts';
import { findPractitioners, findProvider, insertReview } from '../directory/store.ts';
import { listUsers } from '../identity/store.ts';
import { enqueue, type JobHandlers, PermanentJobError } from '../jobs/queue.ts';
import { simpleHtml } from '../notifications/mailer.ts';
import { notifyUsers } from '../notifications/inbox.ts';
import { queueMail } from '../notifications/mail-queue.ts';
import { queueSms } from '../notifications/sms.ts';
import { requestNumber, type Status, transitions } from '../requests/domain.ts';
import { addNote, addTask, changeStatus, completeTask, loadRequest } from '../requests/service.ts';
import * as requestStore from '../requests/store.ts';
import type { AppointmentRow } from '../scheduling/store.ts';
import { findAppointment } from '../scheduling/store.ts';
import {
  COMMENT_MAX,
  EXPLAINED_EVENT,
  isNegative,
  PHARMACY_EVENT,
  PLAN_EVENT,
  type PlanEvent,
  type PlanStep,
  pathTo,
  planTasks,
  SKIPPED_EVENT,
  SURVEY_DELAY_MS,
  SURVEY_QUIET_MS,
  surveyExpiry,
  surveyMessage,
  surveyState,
  trendByMonth,
  csatOf,
  npsOf,
} from './domain.ts';
import { SURVEY_QUEUE, stepOfTask } from './hooks.ts';
import * as store from './store.ts';
import type { SurveyRow } from './store.ts';

const commentContext = (surveyId: string) => `followup.survey.comment:${surveyId}`;

/** A survey's free comment, opened (for the client's export). */
export const surveyComment = (ctx: AppContext, row: { id: string; commentSealed: string | null }): string | null => (row.commentSealed ? ctx.vault.open(row.commentSealed, commentContext(row.id)) : null);
const inTx = <T>(ctx: AppContext, run: (txCtx: AppContext) => Promise<T>): Promise<T> => ctx.db.transaction(async (tx) => run({ ...ctx, db: tx as unknown as Db }));

// ---- After a consultation ----

/**
 * The appointment was honoured: its request goes to follow-up with its plan, and the survey is
 * planned. Safe to call again (a second click, the call's end after staff's mark): one plan, one survey.
 */
export async function appointmentCompleted(ctx: AppContext, appointment: AppointmentRow, actor: Actor): Promise<void> {
  const now = ctx.now();
  // 2 h after the end; at once when the appointment is marked honoured later than that.
  const surveyAt = new Date(Math.max(appointment.endsAt.getTime() + SURVEY_DELAY_MS, now.getTime()));
  await inTx(ctx, async (txCtx) => {
    await enqueue(txCtx.db, { queue: SURVEY_QUEUE, runAt: surveyAt, idempotencyKey: `followup-survey:appointment:${appointment.id}`, payload: { trigger: 'appointment', appointmentId: appointment.id } });
    if (!appointment.requestId) return;
    await store.lockKey(txCtx.db, `followup:appointment:${appointment.id}`);
    const requestId = appointment.requestId;
    const events = await requestStore.listEvents(txCtx.db, requestId);
    if (events.some((e) => e.type === PLAN_EVENT && (e.data as PlanEvent).appointmentId === appointment.id)) return;
    const request = await loadRequest(txCtx, requestId);
    const path = pathTo(request.status as Status, 'follow_up', transitions, ['cancelled', 'closed']);
    // A closed or cancelled request gets no plan: the team reopens work with a new request.
    if (path === null) return;
    for (const to of path) await changeStatus(txCtx, requestId, to, undefined, actor);
    const tasks: PlanEvent['tasks'] = [];
    for (const t of planTasks(now)) {
      const task = await addTask(txCtx, requestId, { title: t.title, dueAt: t.dueAt.toISOString(), ownerId: request.assigneeId }, actor);
      tasks.push({ step: t.step, taskId: task.id });
    }
    await requestStore.addEvent(txCtx.db, requestId, actor.id, PLAN_EVENT, { appointmentId: appointment.id, tasks } satisfies PlanEvent);
    await recordAudit(txCtx.db, actor, { action: 'followup.plan.created', targetType: 'request', targetId: requestId, clientId: request.clientId, details: { appointmentId: appointment.id } });
  });
}

export interface StepInput {
  action: 'done' | 'skip';
  note?: string | undefined;
  pharmacyId?: string | undefined;
  /** Keep the chosen pharmacy on the client file as their usual one. */
  saveAsUsual?: boolean | undefined;
  reason?: string | undefined;
}

/** Completes (or skips, with a reason) a plan step, with what that step requires. */
export async function completeStep(ctx: AppContext, requestId: string, taskId: string, input: StepInput, actor: Actor) {
  const request = await loadRequest(ctx, requestId);
  const s = await stepOfTask(ctx, requestId, taskId);
  if (!s.step) throw new DomainError('followup_step_not_found', 404);
  const step: PlanStep = s.step;
  const title = (await requestStore.listTasks(ctx.db, requestId)).find((t) => t.id === taskId)?.title ?? '';
  await inTx(ctx, async (txCtx) => {
    if (input.action === 'skip') {
      const reason = input.reason?.trim();
      if (!reason) throw new DomainError('validation_failed', 400, {}, [{ path: 'reason', code: 'followup_reason_required' }]);
      const { note } = await addNote(txCtx, requestId, `Étape de suivi sans objet — ${title} : ${reason}`, actor);
      await requestStore.addEvent(txCtx.db, requestId, actor.id, SKIPPED_EVENT, { taskId, step, noteId: note.id });
    } else if (step === 'explain_results') {
      const text = input.note?.trim();
      if (!text || text.length < 3) throw new DomainError('validation_failed', 400, {}, [{ path: 'note', code: 'followup_note_required' }]);
      // A request note, sealed like every note: the team finds it in the request's notes too.
      const { note } = await addNote(txCtx, requestId, `Résultats expliqués au client : ${text}`, actor);
      await requestStore.addEvent(txCtx.db, requestId, actor.id, EXPLAINED_EVENT, { taskId, noteId: note.id });
    } else if (step === 'send_prescription') {
      let pharmacy: Awaited<ReturnType<typeof findProvider>>;
      if (input.pharmacyId) {
        pharmacy = await findProvider(txCtx.db, input.pharmacyId);
        if (pharmacy?.kind !== 'pharmacy' || !pharmacy.active) throw new DomainError('validation_failed', 400, {}, [{ path: 'pharmacyId', code: 'followup_pharmacy_required' }]);
      } else {
        // None chosen: the client's usual pharmacy (client file), if it is still an open pharmacy.
        const usualId = (await findClient(txCtx.db, request.clientId))?.pharmacyId;
        pharmacy = usualId ? await findProvider(txCtx.db, usualId) : undefined;
        if (pharmacy?.kind !== 'pharmacy' || !pharmacy.active) throw new DomainError('followup_pharmacy_required', 409, {}, [{ path: 'pharmacyId', code: 'followup_pharmacy_required' }]);
      }
      await requestStore.addEvent(txCtx.db, requestId, actor.id, PHARMACY_EVENT, { taskId, providerId: pharmacy.id });
      if (input.saveAsUsual) await setUsualPharmacy(txCtx, request.clientId, pharmacy.id, actor, 'followup.send_prescription');
    }
    await completeTask(txCtx, requestId, taskId, true, actor);
    await recordAudit(txCtx.db, actor, { action: `followup.step.${input.action === 'skip' ? 'skipped' : 'done'}`, targetType: 'request', targetId: requestId, clientId: request.clientId, details: { step } });
  });
  return followupView(ctx, requestId, actor);
}

/**
 * The « Suivi » block: the plans with their steps, the pharmacy the prescription went to and the
 * client's usual one (what the step proposes), whether the request can be closed, its surveys.
 */
export async function followupView(ctx: AppContext, requestId: string, actor: Actor) {
  const request = await loadRequest(ctx, requestId);
  const [events, tasks, surveys] = await Promise.all([requestStore.listEvents(ctx.db, requestId), requestStore.listTasks(ctx.db, requestId), store.surveysOfRequest(ctx.db, requestId)]);
  const users = await requestStore.usersByIds(ctx.db, [...tasks.map((t) => t.ownerId ?? ''), ...events.map((e) => e.actorId ?? '')].filter(Boolean));
  const person = (id: string | null | undefined) => {
    const u = id ? users.get(id) : undefined;
    return u ? { id: u.id, displayName: u.displayName } : null;
  };
  const about = (type: string, taskId: string) => events.find((e) => e.type === type && (e.data as { taskId?: string }).taskId === taskId);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const pharmacyEvent = events.filter((e) => e.type === PHARMACY_EVENT).at(-1);
  const pharmacy = pharmacyEvent ? await findProvider(ctx.db, String((pharmacyEvent.data as { providerId: string }).providerId)) : undefined;
  const usualPharmacy = await pharmacyOf(ctx, (await findClient(ctx.db, request.clientId))?.pharmacyId ?? null);
  const open = tasks.filter((t) => !t.doneAt).length;
  const now = ctx.now();
  await recordAudit(ctx.db, actor, { action: 'followup.read', targetType: 'request', targetId: requestId, clientId: request.clientId });
  return {
    status: request.status,
    plans: events
      .filter((e) => e.type === PLAN_EVENT)
      .map((e) => {
        const plan = e.data as PlanEvent;
        return {
          appointmentId: plan.appointmentId,
          createdAt: e.at.toISOString(),
          steps: plan.tasks.map(({ step, taskId }) => {
            const t = byId.get(taskId);
            const explained = about(EXPLAINED_EVENT, taskId);
            const skipped = about(SKIPPED_EVENT, taskId);
            return {
              step,
              taskId,
              title: t?.title ?? '',
              dueAt: t?.dueAt?.toISOString() ?? null,
              doneAt: t?.doneAt?.toISOString() ?? null,
              owner: person(t?.ownerId),
              skipped: skipped ? { noteId: String((skipped.data as { noteId?: string }).noteId ?? ''), at: skipped.at.toISOString(), by: person(skipped.actorId) } : null,
              explanation: explained ? { noteId: String((explained.data as { noteId?: string }).noteId ?? ''), at: explained.at.toISOString(), by: person(explained.actorId) } : null,
            };
          }),
        };
      }),
    pharmacy: pharmacy ? { id: pharmacy.id, name: pharmacy.name, city: pharmacy.city, postalCode: pharmacy.postalCode, phone: pharmacy.phone } : null,
    clientPharmacy: usualPharmacy,
    openTasks: open,
    canClose: request.status === 'follow_up' && open === 0,
    surveys: surveys.map((s) => ({ id: s.id, trigger: s.trigger, sentAt: s.sentAt.toISOString(), state: surveyState(s, now), answeredAt: s.answeredAt?.toISOString() ?? null, csat: s.csat, nps: s.nps })),
  };
}

// ---- Surveys: sending ----

async function recipient(ctx: AppContext, clientId: string) {
  const c = await findClient(ctx.db, clientId);
  if (!c) return null;
  const phone = c.phone ? parsePhoneNumberFromString(c.phone) : undefined;
  const mobile = phone?.getType() === 'MOBILE' || phone?.getType() === 'FIXED_LINE_OR_MOBILE' ? phone.number : null;
  return { email: c.email, mobile, lang: (c.preferredLanguage === 'en' ? 'en' : 'fr') as Locale, name: c.usedFirstName ?? c.firstNames[0] ?? null };
}

type SurveyTarget = { trigger: 'appointment' | 'request_closed'; clientId: string; appointmentId: string | null; requestId: string | null; practitionerId: string | null };

/** Creates the survey and queues its e-mail and SMS in one transaction; the keys make each message go once. */
async function createAndSend(ctx: AppContext, key: string, target: SurveyTarget): Promise<SurveyRow | null> {
  const to = await recipient(ctx, target.clientId);
  if (!to || (!to.email && !to.mobile)) return null; // nobody to ask: no link that nobody can use
  const now = ctx.now();
  const created = await inTx(ctx, async ({ db }) => {
    await store.lockKey(db, `survey:${key}`);
    const existing = target.trigger === 'appointment' && target.appointmentId ? await store.surveyFor(db, { appointmentId: target.appointmentId }) : target.requestId ? await store.surveyFor(db, { requestId: target.requestId, trigger: 'request_closed' }) : undefined;
    if (existing) return null;
    const token = newToken();
    const survey = await store.insertSurvey(db, { ...target, tokenHash: hashToken(token), sentAt: now, expiresAt: surveyExpiry(now) });
    const link = `${ctx.config.publicUrl}/avis/${token}`;
    const m = surveyMessage({ lang: to.lang, link, clientName: to.name });
    const about = { clientId: target.clientId, ...(target.appointmentId ? { appointmentId: target.appointmentId } : {}) };
    if (to.email) await queueMail(db, { to: to.email, subject: m.email.subject, text: m.email.text, html: simpleHtml(m.email.lines, { href: link, label: m.email.linkLabel }), template: 'followup.survey', idempotencyKey: `survey:${key}:email`, ...about });
    if (to.mobile) await queueSms(db, { to: to.mobile, body: m.sms.body, template: 'followup.survey', idempotencyKey: `survey:${key}:sms`, ...about });
    await recordAudit(db, system, { action: 'survey.sent', targetType: 'survey', targetId: survey.id, clientId: target.clientId, details: { trigger: target.trigger } });
    return survey;
  });
  return created;
}

/** The 'followup.survey' job. Checks the facts again at run time: a no-show or a reopened plan sends nothing. */
export async function sendSurvey(ctx: AppContext, payload: Record<string, unknown>): Promise<SurveyRow | null> {
  if (payload.trigger === 'appointment') {
    const a = await findAppointment(ctx.db, String(payload.appointmentId));
    if (!a) throw new PermanentJobError('appointment gone');
    if (a.status !== 'completed') return null;
    return createAndSend(ctx, `appointment:${a.id}`, { trigger: 'appointment', clientId: a.clientId, appointmentId: a.id, requestId: a.requestId, practitionerId: a.practitionerId });
  }
  if (payload.trigger === 'request_closed') {
    const r = await requestStore.findRequest(ctx.db, String(payload.requestId));
    if (!r) throw new PermanentJobError('request gone');
    if (r.status !== 'closed') return null;
    const recent = (await store.surveysOfRequest(ctx.db, r.id)).some((s) => ctx.now().getTime() - s.sentAt.getTime() < SURVEY_QUIET_MS);
    if (recent) return null;
    return createAndSend(ctx, `request:${r.id}`, { trigger: 'request_closed', clientId: r.clientId, appointmentId: null, requestId: r.id, practitionerId: null });
  }
  throw new PermanentJobError(`unknown survey trigger ${String(payload.trigger)}`);
}

export const followupJobHandlers: JobHandlers = {
  [SURVEY_QUEUE]: async (payload, _job, ctx) => {
    await sendSurvey(ctx, payload);
  },
};

// ---- Surveys: the public page ----

async function openSurvey(ctx: AppContext, token: string): Promise<SurveyRow> {
  const s = await store.findSurveyByToken(ctx.db, hashToken(token));
  if (!s) throw new DomainError('survey_not_found', 404);
  return s;
}

/** What the page needs: state and expiry, the first name to greet. Nothing about the care itself. */
export async function publicSurvey(ctx: AppContext, token: string) {
  const s = await openSurvey(ctx, token);
  const to = await recipient(ctx, s.clientId);
  return { state: surveyState(s, ctx.now()), trigger: s.trigger, expiresAt: s.expiresAt.toISOString(), answeredAt: s.answeredAt?.toISOString() ?? null, firstName: to?.name ?? null, lang: to?.lang ?? 'fr' };
}

export interface AnswerInput {
  csat: number;
  nps: number;
  comment?: string | undefined;
}

/** One answer per survey; it rates the practitioner and, when negative, gives someone a call-back task. */
export async function answerSurvey(ctx: AppContext, token: string, input: AnswerInput, actor: Actor) {
  const s = await openSurvey(ctx, token);
  const now = ctx.now();
  const state = surveyState(s, now);
  if (state === 'answered') throw new DomainError('survey_already_answered', 409);
  if (state === 'expired') throw new DomainError('survey_expired', 410);
  const comment = input.comment?.trim().slice(0, COMMENT_MAX) || null;
  const negative = isNegative(input);
  await inTx(ctx, async (txCtx) => {
    const row = await store.answerSurvey(txCtx.db, s.id, now, { csat: input.csat, nps: input.nps, commentSealed: comment ? ctx.vault.seal(comment, commentContext(s.id)) : null });
    if (!row) throw new DomainError('survey_already_answered', 409);
    // The rating is the score only: the comment is the client's words about their care, it stays sealed here.
    if (s.practitionerId) await insertReview(txCtx.db, { practitionerId: s.practitionerId }, { source: 'survey', rating: input.csat, comment: null, authorId: null });
    await recordAudit(txCtx.db, actor, { action: 'survey.answered', targetType: 'survey', targetId: s.id, clientId: s.clientId, details: { negative } });
    if (negative) await callBack(txCtx, s, input);
  });
  return { state: 'answered' as const, negative };
}

/** A negative answer: a task for the request's assignee (else the first admin), with no health data in its title. */
async function callBack(ctx: AppContext, s: SurveyRow, a: AnswerInput): Promise<void> {
  const admins = (await listUsers(ctx.db, { role: 'admin', active: true })).map((u) => u.id);
  const title = `Avis client négatif (satisfaction ${a.csat}/5, recommandation ${a.nps}/10) : rappeler le client`;
  if (!s.requestId) {
    await notifyUsers(ctx.db, admins, { kind: 'feedback', title, link: '/avis-clients?negative=1' });
    return;
  }
  const request = await loadRequest(ctx, s.requestId);
  const ownerId = request.assigneeId ?? admins[0] ?? null;
  await addTask(ctx, s.requestId, { title, dueAt: new Date(ctx.now().getTime() + 86_400_000).toISOString(), ownerId }, { ...system, email: 'enquête de satisfaction' });
  if (ownerId) await notifyUsers(ctx.db, [ownerId], { kind: 'feedback', title: `${title} — ${requestNumber(request.number)}`, requestId: s.requestId });
}

// ---- Surveys: the staff view ----

export interface AnswersQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  practitionerId?: string | undefined;
  trigger?: 'appointment' | 'request_closed' | undefined;
  answered?: boolean | undefined;
  negative?: boolean | undefined;
}

export async function surveyAnswers(ctx: AppContext, q: AnswersQuery, actor: Actor) {
  const rows = await store.listSurveys(ctx.db, { ...q, limit: 500 });
  const answers = (await store.answersBetween(ctx.db, q)).filter((a): a is { answeredAt: Date; csat: number; nps: number; sentAt: Date } => a.answeredAt !== null && a.csat !== null && a.nps !== null);
  const [clients, practitioners] = await Promise.all([
    findClients(ctx.db, [...new Set(rows.map((r) => r.clientId))]),
    findPractitioners(ctx.db, [...new Set(rows.map((r) => r.practitionerId).filter((x): x is string => Boolean(x)))]),
  ]);
  const requests = new Map<string, number>();
  for (const id of new Set(rows.map((r) => r.requestId).filter((x): x is string => Boolean(x)))) {
    const r = await requestStore.findRequest(ctx.db, id);
    if (r) requests.set(id, r.number);
  }
  const clientOf = new Map(clients.map((c) => [c.id, c]));
  const practitionerOf = new Map(practitioners.map((p) => [p.id, p]));
  const now = ctx.now();
  await recordAudit(ctx.db, actor, { action: 'survey.answers.read', details: { count: rows.length } });
  return {
    items: rows.map((r) => {
      const c = clientOf.get(r.clientId);
      const p = r.practitionerId ? practitionerOf.get(r.practitionerId) : undefined;
      const number = r.requestId ? requests.get(r.requestId) : undefined;
      return {
        id: r.id,
        trigger: r.trigger,
        state: surveyState(r, now),
        sentAt: r.sentAt.toISOString(),
        answeredAt: r.answeredAt?.toISOString() ?? null,
        csat: r.csat,
        nps: r.nps,
        negative: r.csat !== null && r.nps !== null && isNegative({ csat: r.csat, nps: r.nps }),
        comment: r.commentSealed ? ctx.vault.open(r.commentSealed, commentContext(r.id)) : null,
        client: c ? { id: c.id, displayName: displayName(c) } : null,
        request: r.requestId && number !== undefined ? { id: r.requestId, number: requestNumber(number) } : null,
        practitioner: p ? { id: p.id, displayName: [p.civility, p.firstName, p.lastName].filter(Boolean).join(' ') } : null,
      };
    }),
    trend: trendByMonth(answers),
    totals: {
      answered: answers.length,
      csat: csatOf(answers.map((a) => a.csat)),
      nps: npsOf(answers.map((a) => a.nps)),
    },
  };
}
