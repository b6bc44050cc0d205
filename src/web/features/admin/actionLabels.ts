// Human labels of audit-log action codes. The code is always shown next to the label, so an
// action without a label here (a newer server) still reads clearly.
import type { Language } from '../../app/i18n.ts';

const LABELS: Record<string, Record<Language, string>> = {
  'auth.login': { fr: 'Connexion', en: 'Sign-in' },
  'auth.logout': { fr: 'Déconnexion', en: 'Sign-out' },
  'auth.account_locked': { fr: 'Compte verrouillé après des échecs', en: 'Account locked after failures' },
  'auth.invitation.accepted': { fr: 'Invitation acceptée', en: 'Invitation accepted' },
  'auth.password.changed': { fr: 'Mot de passe modifié', en: 'Password changed' },
  'auth.password.reset': { fr: 'Mot de passe réinitialisé', en: 'Password reset' },
  'auth.password.reset_requested': { fr: 'Réinitialisation demandée', en: 'Password reset requested' },
  'auth.session.revoked': { fr: 'Session déconnectée', en: 'Session signed out' },
  'auth.session.revoked_others': { fr: 'Autres sessions déconnectées', en: 'Other sessions signed out' },
  'auth.totp.setup_started': { fr: 'Configuration 2FA commencée', en: '2FA setup started' },
  'auth.totp.enabled': { fr: 'Double authentification activée', en: 'Two-factor authentication on' },
  'auth.totp.disabled': { fr: 'Double authentification désactivée', en: 'Two-factor authentication off' },
  'users.created': { fr: 'Compte créé', en: 'Account created' },
  'users.updated': { fr: 'Compte modifié', en: 'Account updated' },
  'users.totp_reset': { fr: '2FA réinitialisée par un administrateur', en: '2FA reset by an administrator' },
  'access.denied': { fr: 'Accès refusé', en: 'Access denied' },
  'audit.read': { fr: 'Consultation du journal d’accès', en: 'Audit log read' },
  'outbox.read': { fr: 'Consultation de la boîte d’envoi', en: 'Outbox read' },
  'messages.read': { fr: 'Consultation des messages envoyés', en: 'Sent messages read' },
  'directory.import': { fr: 'Import de l’annuaire RPPS', en: 'RPPS directory import' },
  'directory.updated': { fr: 'Fiche praticien modifiée', en: 'Practitioner updated' },
  'directory.place_updated': { fr: 'Lieu d’exercice modifié', en: 'Place of work updated' },
  'directory.verified': { fr: 'Vérification de partenaire enregistrée', en: 'Partner check recorded' },
  'directory.reviewed': { fr: 'Avis ajouté', en: 'Review added' },
  'directory.provider_created': { fr: 'Prestataire créé', en: 'Provider created' },
  'directory.provider_updated': { fr: 'Prestataire modifié', en: 'Provider updated' },
  'matching.weights_changed': { fr: 'Pondérations du matching modifiées', en: 'Matching weights changed' },
  'matching.shortlisted': { fr: 'Praticien ajouté à la sélection', en: 'Practitioner shortlisted' },
  'matching.unshortlisted': { fr: 'Praticien retiré de la sélection', en: 'Practitioner removed from the shortlist' },
  'matching.decision': { fr: 'Choix du client enregistré', en: 'Client’s choice recorded' },
  'schedule.updated': { fr: 'Horaires modifiés', en: 'Schedule updated' },
  'appointment.booked': { fr: 'Rendez-vous réservé', en: 'Appointment booked' },
  'appointment.booked_external': { fr: 'Rendez-vous obtenu par téléphone', en: 'Appointment booked by phone' },
  'appointment.proposed': { fr: 'Créneaux proposés', en: 'Slots proposed' },
  'appointment.rescheduled': { fr: 'Rendez-vous déplacé', en: 'Appointment moved' },
  'appointment.cancelled': { fr: 'Rendez-vous annulé', en: 'Appointment cancelled' },
  'appointment.completed': { fr: 'Rendez-vous honoré', en: 'Appointment attended' },
  'appointment.no_show': { fr: 'Absence au rendez-vous', en: 'Missed appointment' },
  'appointment.waitlisted': { fr: 'Inscription en liste d’attente', en: 'Added to the waiting list' },
  'appointment.logistics_requested': { fr: 'Transport ou hébergement demandé', en: 'Transport or lodging requested' },
  'appointment.logistics_updated': { fr: 'Transport ou hébergement mis à jour', en: 'Transport or lodging updated' },
  'calendar.feed_regenerated': { fr: 'Adresse d’agenda (ICS) régénérée', en: 'Calendar feed address regenerated' },
  'scheduling.configure': { fr: 'Réglage des rappels de l’équipe', en: 'Team reminder settings' },
  'scheduling.reminder_policy_updated': { fr: 'Politique de rappels modifiée', en: 'Reminder policy changed' },
  'appointment.waitlist_cancelled': { fr: 'Sortie de la liste d’attente', en: 'Removed from the waiting list' },
  'appointment.waitlist_read': { fr: 'Consultation d’une liste d’attente', en: 'Waiting list read' },
  'appointment.logistics_read': { fr: 'Consultation du transport et de l’hébergement', en: 'Transport and lodging read' },
  'preparation.configure': { fr: 'Réglage des modèles de préparation', en: 'Preparation template settings' },
  'preparation.template_saved': { fr: 'Modèle de préparation enregistré', en: 'Preparation template saved' },
  'preparation.template_deleted': { fr: 'Modèle de préparation supprimé ou rétabli', en: 'Preparation template deleted or restored' },
  'pack.created': { fr: 'Dossier pré-rendez-vous envoyé au praticien', en: 'Pre-appointment pack sent to the practitioner' },
  'pack.denied': { fr: 'Partage médical refusé (conseiller médical requis)', en: 'Medical share refused (medical advisor needed)' },
  'pack.opened': { fr: 'Dossier pré-rendez-vous consulté par son lien', en: 'Pre-appointment pack viewed through its link' },
  'pack.open_refused': { fr: 'Lien de dossier pré-rendez-vous refusé', en: 'Pre-appointment pack link refused' },
  'pack.revoked': { fr: 'Lien de dossier pré-rendez-vous révoqué', en: 'Pre-appointment pack link revoked' },
};

export function actionLabel(code: string, language: Language): string | null {
  return LABELS[code]?.[language] ?? null;
}

const TARGETS: Record<string, Record<Language, string>> = {
  user: { fr: 'Compte', en: 'Account' },
  session: { fr: 'Session', en: 'Session' },
  client: { fr: 'Client', en: 'Client' },
  message: { fr: 'E-mail', en: 'E-mail' },
  email: { fr: 'E-mail', en: 'E-mail' },
};

/** Label of an audit target type ("user" → "Compte"); unknown types are shown as they are. */
export function targetLabel(type: string, language: Language): string {
  return TARGETS[type]?.[language] ?? type;
}
