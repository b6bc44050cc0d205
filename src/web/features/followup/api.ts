// Follow-up and satisfaction endpoints (src/modules/followup/routes.ts, documented at /api/docs).
import { api } from '../../app/api.ts';
import type { ClientPharmacy } from '../clients/api.ts';
import { requestKey } from '../requests/api.ts';

export type PlanStep = 'collect_report' | 'explain_results' | 'next_steps' | 'send_prescription';
export type SurveyState = 'open' | 'answered' | 'expired';
export type SurveyTrigger = 'appointment' | 'request_closed';
interface Person {
  id: string;
  displayName: string;
}
interface Mark {
  noteId: string;
  at: string;
  by: Person | null;
}

export interface FollowupStep {
  step: PlanStep;
  taskId: string;
  title: string;
  dueAt: string | null;
  doneAt: string | null;
  owner: Person | null;
  skipped: Mark | null;
  explanation: Mark | null;
}

export interface Followup {
  status: string;
  plans: { appointmentId: string; createdAt: string; steps: FollowupStep[] }[];
  pharmacy: { id: string; name: string; city: string; postalCode: string; phone: string | null } | null;
  /** The client's usual pharmacy (client file): what the prescription step proposes. */
  clientPharmacy: ClientPharmacy | null;
  openTasks: number;
  canClose: boolean;
  surveys: { id: string; trigger: SurveyTrigger; sentAt: string; state: SurveyState; answeredAt: string | null; csat: number | null; nps: number | null }[];
}

export interface StepInput {
  action: 'done' | 'skip';
  note?: string;
  pharmacyId?: string;
  /** Keep the chosen pharmacy on the client file as the usual one. */
  saveAsUsual?: boolean;
  reason?: string;
}

export interface PublicSurvey {
  state: SurveyState;
  trigger: SurveyTrigger;
  expiresAt: string;
  answeredAt: string | null;
  firstName: string | null;
  lang: 'fr' | 'en';
}

export interface SurveyItem {
  id: string;
  trigger: SurveyTrigger;
  state: SurveyState;
  sentAt: string;
  answeredAt: string | null;
  csat: number | null;
  nps: number | null;
  negative: boolean;
  comment: string | null;
  client: Person | null;
  request: { id: string; number: string } | null;
  practitioner: Person | null;
}

export interface SurveyFilters {
  from?: string;
  to?: string;
  trigger?: SurveyTrigger | '';
  answered?: 'true' | 'false' | '';
  negative?: boolean;
}

export interface SurveyAnswers {
  items: SurveyItem[];
  trend: { period: string; count: number; csat: number | null; nps: number | null }[];
  totals: { answered: number; csat: number | null; nps: number | null };
}

const enc = encodeURIComponent;
export const FOLLOWUP_KEY = ['followup'] as const;
// Under the request's key: any change to the request (a task ticked, a status) refreshes the block too.
export const followupKey = (requestId: string) => [...requestKey(requestId), 'followup'] as const;
export const surveysKey = (filters: SurveyFilters) => [...FOLLOWUP_KEY, 'surveys', filters] as const;
export const publicSurveyKey = (token: string) => [...FOLLOWUP_KEY, 'public', token] as const;

export const followupApi = {
  get: (requestId: string) => api<Followup>(`/api/requests/${enc(requestId)}/followup`),
  step: (requestId: string, taskId: string, input: StepInput) => api<Followup>(`/api/requests/${enc(requestId)}/followup/steps/${enc(taskId)}`, { method: 'POST', body: input }),
  surveys: (f: SurveyFilters) =>
    api<SurveyAnswers>('/api/surveys', { query: { from: f.from, to: f.to, trigger: f.trigger, answered: f.answered, negative: f.negative ? 'true' : undefined } }),
  publicSurvey: (token: string) => api<PublicSurvey>(`/api/public/surveys/${enc(token)}`),
  answer: (token: string, answer: { csat: number; nps: number; comment?: string }) =>
    api<{ state: 'answered'; negative: boolean }>(`/api/public/surveys/${enc(token)}`, { method: 'POST', body: answer }),
};
