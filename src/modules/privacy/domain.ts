/**
 * Privacy rules, pure: how an access-log event reads to the client (« Dr Claire KLEIN a consulté
 * "Résultats sanguins" le 24/11 à 10:02 »), and the retention periods (DESIGN §9, CNIL 2020-081).
 */
import type { Locale } from '../../platform/errors.ts';

// ---- Access history ----

export type ActorKind = 'self' | 'practitioner' | 'team' | 'system' | 'link';
export interface HistoryActor {
  kind: ActorKind;
  /** The person's name (practitioner or team member); null for self, system, link. */
  name: string | null;
}
export interface HistoryEvent {
  action: string;
  outcome: string;
  occurredAt: Date;
  targetType: string | null;
  details: Record<string, unknown> | null;
}

const typeLabels: Record<string, { fr: string; en: string }> = {
  report: { fr: 'vos comptes rendus', en: 'your reports' },
  result: { fr: 'vos résultats', en: 'your results' },
  prescription: { fr: 'vos ordonnances', en: 'your prescriptions' },
  imaging: { fr: 'votre imagerie', en: 'your imaging' },
  care_sheet: { fr: 'vos feuilles de soins', en: 'your care sheets' },
  administrative: { fr: 'vos documents administratifs', en: 'your administrative documents' },
};

/** What was done, as a verb phrase; `{doc}` stands for the document's quoted title, `{type}` for its kind. */
const phrases: Record<string, { fr: string; en: string }> = {
  'client.read': { fr: 'a consulté votre fiche', en: 'viewed your profile' },
  'client.created': { fr: 'a créé votre fiche', en: 'created your profile' },
  'client.updated': { fr: 'a modifié votre fiche', en: 'updated your profile' },
  'client.medical.read': { fr: 'a consulté vos allergies, antécédents et traitements', en: 'viewed your allergies, history and treatments' },
  'client.medical.updated': { fr: 'a mis à jour vos allergies, antécédents et traitements', en: 'updated your allergies, history and treatments' },
  'consent.granted': { fr: 'a enregistré un accès à votre dossier', en: 'recorded an access to your file' },
  'consent.revoked': { fr: 'a retiré un accès à votre dossier', en: 'withdrew an access to your file' },
  'records.access_denied': { fr: 's’est vu refuser l’accès à {type} (aucun consentement en cours)', en: 'was refused access to {type} (no current consent)' },
  'privacy.export': { fr: 'a téléchargé l’export de vos données', en: 'downloaded the export of your data' },
  'privacy.history.read': { fr: 'a consulté l’historique des accès à votre dossier', en: 'viewed the access history of your file' },
  'privacy.erased': { fr: 'a effacé vos données', en: 'erased your data' },
  'request.created': { fr: 'a enregistré une demande', en: 'recorded a request' },
  'request.read': { fr: 'a consulté une de vos demandes', en: 'viewed one of your requests' },
  'request.note.added': { fr: 'a ajouté une note à votre demande', en: 'added a note to your request' },
  'portal.requests.read': { fr: 'a consulté vos demandes', en: 'viewed your requests' },
  'request.status': { fr: 'a mis à jour le suivi de votre demande', en: 'updated the follow-up of your request' },
  'request.assigned': { fr: 'a confié votre demande à un membre de l’équipe', en: 'assigned your request to a team member' },
  'request.triage': { fr: 'a qualifié votre demande', en: 'qualified your request' },
  'request.task.added': { fr: 'a prévu une tâche de suivi', en: 'planned a follow-up task' },
  'request.task.updated': { fr: 'a mis à jour une tâche de suivi', en: 'updated a follow-up task' },
  'request.emergency.activated': { fr: 'a déclenché le protocole d’urgence', en: 'started the emergency protocol' },
  'request.emergency.step': { fr: 'a suivi le protocole d’urgence', en: 'followed the emergency protocol' },
  'matching.shortlisted': { fr: 'a sélectionné un praticien pour votre demande', en: 'shortlisted a practitioner for your request' },
  'matching.unshortlisted': { fr: 'a retiré un praticien de la sélection', en: 'removed a practitioner from the shortlist' },
  'matching.decision': { fr: 'a enregistré votre choix de praticien', en: 'recorded your choice of practitioner' },
  'appointment.proposed': { fr: 'vous a proposé des créneaux', en: 'offered you appointment slots' },
  'appointment.booked_external': { fr: 'a enregistré un rendez-vous pris par téléphone', en: 'recorded an appointment booked by phone' },
  'appointment.waitlisted': { fr: 'vous a inscrit sur une liste d’attente', en: 'put you on a waiting list' },
  'appointment.logistics_requested': { fr: 'a organisé un transport ou un hébergement', en: 'arranged transport or lodging' },
  'appointment.logistics_read': { fr: 'a consulté l’organisation de votre transport ou hébergement', en: 'viewed your transport or lodging arrangements' },
  'teleconsultation.link_issued': { fr: 'a créé un lien de téléconsultation', en: 'created a teleconsultation link' },
  'teleconsultation.joined': { fr: 'a rejoint la téléconsultation', en: 'joined the teleconsultation' },
  'teleconsultation.ended': { fr: 'a terminé la téléconsultation', en: 'ended the teleconsultation' },
  'appointment.booked': { fr: 'a réservé un rendez-vous', en: 'booked an appointment' },
  'appointment.cancelled': { fr: 'a annulé un rendez-vous', en: 'cancelled an appointment' },
  'appointment.rescheduled': { fr: 'a déplacé un rendez-vous', en: 'moved an appointment' },
  'pack.created': { fr: 'a préparé un dossier pré-rendez-vous', en: 'prepared a pre-appointment pack' },
  'pack.opened': { fr: 'a ouvert votre dossier pré-rendez-vous', en: 'opened your pre-appointment pack' },
  'pack.revoked': { fr: 'a révoqué un dossier pré-rendez-vous', en: 'revoked a pre-appointment pack' },
  'records.document_read': { fr: 'a consulté {doc}', en: 'viewed {doc}' },
  'records.document_added': { fr: 'a ajouté {doc}', en: 'added {doc}' },
  'records.document_deleted': { fr: 'a supprimé {doc}', en: 'deleted {doc}' },
  'records.document_versions_read': { fr: 'a consulté les versions de {doc}', en: 'viewed the versions of {doc}' },
  'records.documents_listed': { fr: 'a consulté la liste de vos documents', en: 'viewed the list of your documents' },
  'records.observations_read': { fr: 'a consulté vos mesures et résultats d’analyses', en: 'viewed your measurements and lab results' },
  'records.observation_added': { fr: 'a enregistré une mesure', en: 'recorded a measurement' },
  'records.observations_imported': { fr: 'a importé des mesures (laboratoire ou appareil)', en: 'imported measurements (lab or device)' },
  'records.alert_raised': { fr: 'a signalé un résultat hors des valeurs de référence', en: 'flagged a result outside its reference range' },
  'records.alerts_read': { fr: 'a consulté les alertes sur vos résultats', en: 'viewed the alerts on your results' },
  'records.alert_acknowledged': { fr: 'a pris en charge une alerte sur vos résultats', en: 'handled an alert on your results' },
  'teleconsultation.document_read': { fr: 'a ouvert un document de téléconsultation', en: 'opened a teleconsultation document' },
  'teleconsultation.document_added': { fr: 'a ajouté un document de téléconsultation', en: 'added a teleconsultation document' },
};

/** Document events of the medical file, whatever their exact name: the verb is read from it. */
function documentPhrase(action: string): { fr: string; en: string } | null {
  if (!/^(records|document)/.test(action)) return null;
  if (/download/.test(action)) return { fr: 'a téléchargé {doc}', en: 'downloaded {doc}' };
  if (/(read|view|open|preview)/.test(action)) return { fr: 'a consulté {doc}', en: 'viewed {doc}' };
  if (/(add|upload|creat|version)/.test(action)) return { fr: 'a ajouté {doc}', en: 'added {doc}' };
  if (/(observation)/.test(action)) return { fr: 'a enregistré une mesure', en: 'recorded a measurement' };
  if (/(erase|delet)/.test(action)) return { fr: 'a supprimé {doc}', en: 'deleted {doc}' };
  return null;
}

const actorText = (a: HistoryActor, locale: Locale): string => {
  const fr = locale === 'fr';
  switch (a.kind) {
    case 'self':
      return fr ? 'Vous' : 'You';
    case 'practitioner':
      return a.name ?? (fr ? 'Un praticien' : 'A practitioner');
    case 'team':
      return a.name ? (fr ? `L’équipe Parcours (${a.name})` : `The Parcours team (${a.name})`) : fr ? 'L’équipe Parcours' : 'The Parcours team';
    case 'link':
      return fr ? 'Le destinataire d’un lien de partage' : 'The recipient of a sharing link';
    default:
      return fr ? 'Parcours (traitement automatique)' : 'Parcours (automatic processing)';
  }
};

/** "le 24/11 à 10:02" in Paris time, with the year when it is not the current one. */
export function whenText(at: Date, now: Date, locale: Locale): string {
  const parts = (d: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    );
  const p = parts(at);
  const day = `${p.day}/${p.month}${p.year !== parts(now).year ? `/${p.year}` : ''}`;
  return locale === 'fr' ? `le ${day} à ${p.hour}:${p.minute}` : `on ${day} at ${p.hour}:${p.minute}`;
}

/** One line of the client's access history, in plain words. */
export function describeEvent(e: HistoryEvent, actor: HistoryActor, documentTitle: string | null, now: Date, locale: Locale): string {
  const fr = locale === 'fr';
  const download = e.action === 'records.document_read' && e.details?.disposition === 'attachment';
  const phrase = download
    ? { fr: 'a téléchargé {doc}', en: 'downloaded {doc}' }
    : (phrases[e.action] ?? documentPhrase(e.action) ?? { fr: 'a effectué une opération sur votre dossier', en: 'performed an operation on your file' });
  const rawType = e.details?.documentType ?? e.details?.type;
  const type = typeof rawType === 'string' ? rawType : null;
  const doc = documentTitle ? `"${documentTitle}"` : type && typeLabels[type] ? (fr ? `un document (${typeLabels[type].fr})` : `a document (${typeLabels[type].en})`) : fr ? 'un document' : 'a document';
  let verb = phrase[locale].replace('{doc}', doc).replace('{type}', type && typeLabels[type] ? typeLabels[type][locale] : fr ? 'votre dossier' : 'your file');
  if (actor.kind === 'self') verb = selfVerb(verb, locale);
  const refused = e.outcome === 'denied' && e.action !== 'records.access_denied' ? (fr ? ' — accès refusé' : ' — access refused') : '';
  return `${actorText(actor, locale)} ${verb} ${whenText(e.occurredAt, now, locale)}${refused}`;
}

/** "Vous a consulté" → "Vous avez consulté": the client reads their own actions in the second person. */
function selfVerb(verb: string, locale: Locale): string {
  if (locale === 'en') return verb.replace(/^was /, 'were ');
  return verb.replace(/^a /, 'avez ').replace(/^s’est vu/, 'vous êtes vu');
}

// ---- Retention (DESIGN §9) ----

export const retentionKinds = ['client_file', 'messages', 'sessions'] as const;
export type RetentionKind = (typeof retentionKinds)[number];

export interface RetentionRule {
  /** Default, in days. */
  days: number;
  /** Below this the law (or the service itself) would be broken: the admin cannot go lower. */
  minDays: number;
  label: { fr: string; en: string };
  basis: { fr: string; en: string };
}

/** Defaults: medical-practice records 5 years active after the last contact + 15 archived (CNIL 2020-081). */
export const retentionRules: Record<RetentionKind, RetentionRule> = {
  client_file: {
    days: 20 * 365 + 5,
    minDays: 5 * 365 + 1,
    label: { fr: 'Dossier client (après le dernier contact)', en: 'Client file (after the last contact)' },
    basis: { fr: '5 ans en base active puis 15 ans en archive (CNIL, délibération 2020-081)', en: '5 years active then 15 years archived (CNIL deliberation 2020-081)' },
  },
  messages: {
    days: 365,
    minDays: 30,
    label: { fr: 'Contenu des e-mails et SMS envoyés', en: 'Content of e-mails and SMS sent' },
    basis: { fr: 'Preuve d’envoi utile un an ; l’envoi lui-même reste tracé', en: 'Proof of sending useful for a year; the sending itself stays logged' },
  },
  sessions: {
    days: 90,
    minDays: 7,
    label: { fr: 'Sessions de connexion expirées (adresse IP, navigateur)', en: 'Expired sign-in sessions (IP address, browser)' },
    basis: { fr: 'Sécurité des comptes ; le journal d’accès est conservé à part (6 mois minimum)', en: 'Account security; the access log is kept separately (6 months minimum)' },
  },
};

export function effectiveRetention(saved: readonly { kind: string; days: number }[]): Record<RetentionKind, number> {
  const out = Object.fromEntries(retentionKinds.map((k) => [k, retentionRules[k].days])) as Record<RetentionKind, number>;
  for (const s of saved) if ((retentionKinds as readonly string[]).includes(s.kind)) out[s.kind as RetentionKind] = s.days;
  return out;
}
