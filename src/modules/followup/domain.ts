/** Follow-up after care and satisfaction surveys: the plan's steps, survey rules, the message, trends. Pure. */
import type { Locale } from '../../platform/errors.ts';

/** The plan every completed consultation gets, in the order the team works it. */
export const planSteps = ['collect_report', 'explain_results', 'next_steps', 'send_prescription'] as const;
export type PlanStep = (typeof planSteps)[number];

/**
 * Task titles (the team works in French) and due offsets. Titles never carry health data: they
 * show in task lists and notifications.
 */
export const stepTasks: Record<PlanStep, { title: string; dueDays: number }> = {
  collect_report: { title: 'Suivi : récupérer le compte rendu de consultation', dueDays: 3 },
  explain_results: { title: 'Suivi : expliquer les résultats au client (note obligatoire)', dueDays: 7 },
  next_steps: { title: 'Suivi : organiser les examens complémentaires ou le prochain rendez-vous', dueDays: 14 },
  send_prescription: { title: 'Suivi : transmettre l’ordonnance à la pharmacie du client', dueDays: 1 },
};

export const planTasks = (completedAt: Date) =>
  planSteps.map((step) => ({ step, title: stepTasks[step].title, dueAt: new Date(completedAt.getTime() + stepTasks[step].dueDays * 86_400_000) }));

/** What the request's history records about a plan (request_events.data): ids, never content. */
export type PlanEvent = { appointmentId: string; tasks: { step: PlanStep; taskId: string }[] };
export const PLAN_EVENT = 'followup.plan';
export const EXPLAINED_EVENT = 'followup.explained';
export const PHARMACY_EVENT = 'followup.pharmacy';
export const SKIPPED_EVENT = 'followup.skipped';

/**
 * The shortest legal path through the workflow to follow-up (a request whose status staff did not
 * move to "booked" still reaches follow-up with each step in its history). Null when there is
 * none (closed, cancelled).
 */
export function pathTo<S extends string>(from: S, to: S, transitions: Record<S, readonly S[]>, avoid: readonly S[] = []): S[] | null {
  if (from === to) return [];
  const previous = new Map<S, S>([[from, from]]);
  const queue: S[] = [from];
  while (queue.length) {
    const s = queue.shift() as S;
    for (const next of transitions[s]) {
      if (previous.has(next) || avoid.includes(next)) continue;
      previous.set(next, s);
      if (next === to) {
        const path: S[] = [];
        for (let at: S = to; at !== from; at = previous.get(at) as S) path.unshift(at);
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

// ---- Surveys ----

/** Sent 2 h after the consultation's end: the person is home, the experience is fresh. */
export const SURVEY_DELAY_MS = 2 * 3_600_000;
export const SURVEY_TTL_DAYS = 30;
/** No second survey within a day for the same request (a closure right after a consultation). */
export const SURVEY_QUIET_MS = 24 * 3_600_000;
export const COMMENT_MAX = 2000;

export const surveyExpiry = (sentAt: Date): Date => new Date(sentAt.getTime() + SURVEY_TTL_DAYS * 86_400_000);

export type SurveyState = 'open' | 'answered' | 'expired';
export function surveyState(s: { answeredAt: Date | null; expiresAt: Date }, now: Date): SurveyState {
  if (s.answeredAt) return 'answered';
  return s.expiresAt <= now ? 'expired' : 'open';
}

/** A detractor (NPS 0–6) or a dissatisfied client (CSAT 1–2): the team calls back. */
export const isNegative = (a: { csat: number; nps: number }): boolean => a.csat <= 2 || a.nps <= 6;

/**
 * The message with the survey link. Only « votre avis » and the link: no practitioner, specialty or
 * date — a lock screen or a shared mailbox shows it.
 */
export function surveyMessage(input: { lang: Locale; link: string; clientName: string | null }) {
  const { lang, link, clientName } = input;
  if (lang === 'en') {
    const hello = clientName ? `Hello ${clientName},` : 'Hello,';
    const lines = [hello, 'How did it go? Your opinion helps us improve our service. It takes one minute.', `The link is valid for ${SURVEY_TTL_DAYS} days.`];
    return {
      email: { subject: 'Parcours — your opinion matters', text: `${lines.join('\n\n')}\n\n${link}\n`, lines, linkLabel: 'Give my opinion' },
      sms: { body: `Parcours : votre avis / your opinion ${link}` },
    };
  }
  const hello = clientName ? `Bonjour ${clientName},` : 'Bonjour,';
  const lines = [hello, 'Comment cela s’est-il passé ? Votre avis nous aide à améliorer notre service. Cela prend une minute.', `Le lien est valable ${SURVEY_TTL_DAYS} jours.`];
  return {
    email: { subject: 'Parcours — votre avis compte', text: `${lines.join('\n\n')}\n\n${link}\n`, lines, linkLabel: 'Donner mon avis' },
    sms: { body: `Parcours : votre avis nous intéresse ${link}` },
  };
}

// ---- Trends for the staff view (CSAT and NPS over time) ----

export type Answer = { answeredAt: Date; csat: number; nps: number };

/** NPS = % promoters (9–10) − % detractors (0–6), rounded; null without answers. */
export function npsOf(scores: number[]): number | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}

export const csatOf = (scores: number[]): number | null => (scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null);

/** Month (YYYY-MM) in Europe/Paris: what the team calls "March". */
export const parisMonth = (d: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);

export function trendByMonth(answers: Answer[]): { period: string; count: number; csat: number | null; nps: number | null }[] {
  const groups = new Map<string, Answer[]>();
  for (const a of answers) {
    const key = parisMonth(a.answeredAt);
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, list]) => ({ period, count: list.length, csat: csatOf(list.map((a) => a.csat)), nps: npsOf(list.map((a) => a.nps)) }));
}
