/** User-facing messages of the server, French first. Keys are stable error codes. */
export const messages = {
  validation_failed: { fr: 'Certaines données sont invalides.', en: 'Some data is invalid.' },
  field_required: { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  invalid_json: { fr: 'Le corps de la requête n’est pas un JSON valide.', en: 'The request body is not valid JSON.' },
  body_too_large: { fr: 'La requête est trop volumineuse.', en: 'The request is too large.' },
  unsupported_media_type: { fr: 'Type de contenu non pris en charge.', en: 'Unsupported content type.' },
  not_found: { fr: 'Ressource introuvable.', en: 'Resource not found.' },
  route_not_found: { fr: 'Cette adresse n’existe pas : {method} {url}.', en: 'No such endpoint: {method} {url}.' },
  rate_limited: {
    fr: 'Trop de tentatives. Réessayez dans {seconds} secondes.',
    en: 'Too many attempts. Try again in {seconds} seconds.',
  },
  internal_error: {
    fr: 'Une erreur inattendue est survenue. L’équipe technique a été prévenue.',
    en: 'An unexpected error occurred. The technical team has been notified.',
  },
  bad_request: { fr: 'Requête invalide.', en: 'Bad request.' },
  unauthenticated: { fr: 'Veuillez vous connecter.', en: 'Please sign in.' },
  forbidden: { fr: 'Vous n’avez pas le droit d’effectuer cette action.', en: 'You are not allowed to do this.' },
  csrf_failed: {
    fr: 'Jeton de sécurité manquant ou invalide. Rechargez la page.',
    en: 'Missing or invalid security token. Reload the page.',
  },
  cross_origin: { fr: 'Requête d’une autre origine refusée.', en: 'Cross-origin request refused.' },
  invalid_credentials: { fr: 'E-mail ou mot de passe incorrect.', en: 'Incorrect e-mail or password.' },
  totp_required: { fr: 'Saisissez le code de votre application d’authentification.', en: 'Enter the code from your authenticator app.' },
  invalid_totp: { fr: 'Code de vérification incorrect ou expiré.', en: 'Incorrect or expired verification code.' },
  account_locked: {
    fr: 'Compte temporairement verrouillé après trop d’échecs. Réessayez après {until}.',
    en: 'Account temporarily locked after too many failures. Try again after {until}.',
  },
  account_inactive: { fr: 'Ce compte est désactivé.', en: 'This account is deactivated.' },
  totp_enrolment_required: {
    fr: 'Votre rôle exige la double authentification : activez-la pour continuer.',
    en: 'Your role requires two-factor authentication: enable it to continue.',
  },
  totp_not_pending: {
    fr: 'Aucune activation de double authentification en cours : recommencez.',
    en: 'No two-factor setup in progress: start again.',
  },
  totp_required_for_role: {
    fr: 'La double authentification est obligatoire pour ce rôle.',
    en: 'Two-factor authentication is mandatory for this role.',
  },
  wrong_password: { fr: 'Mot de passe actuel incorrect.', en: 'Current password is incorrect.' },
  password_too_short: {
    fr: 'Le mot de passe doit contenir au moins {min} caractères.',
    en: 'The password must have at least {min} characters.',
  },
  password_too_long: {
    fr: 'Le mot de passe doit contenir au plus {max} caractères.',
    en: 'The password must have at most {max} characters.',
  },
  password_contains_email: {
    fr: 'Le mot de passe ne doit pas contenir votre adresse e-mail.',
    en: 'The password must not contain your e-mail address.',
  },
  password_too_simple: {
    fr: 'Le mot de passe est trop simple : utilisez plusieurs mots ou des caractères variés.',
    en: 'The password is too simple: use several words or varied characters.',
  },
  reset_token_invalid: {
    fr: 'Ce lien de réinitialisation est invalide ou expiré. Demandez-en un nouveau.',
    en: 'This reset link is invalid or expired. Request a new one.',
  },
  email_taken: { fr: 'Un compte existe déjà avec cet e-mail.', en: 'An account with this e-mail already exists.' },
  user_not_found: { fr: 'Compte introuvable.', en: 'Account not found.' },
  session_not_found: { fr: 'Session introuvable.', en: 'Session not found.' },
  cannot_demote_self: {
    fr: 'Vous ne pouvez pas retirer votre propre rôle d’administrateur ni désactiver votre compte.',
    en: 'You cannot remove your own admin role or deactivate your own account.',
  },
  nir_format: {
    fr: 'Le NIR doit comporter 15 caractères : 13 chiffres (2A ou 2B pour la Corse) puis la clé.',
    en: 'The NIR must have 15 characters: 13 digits (2A or 2B for Corsica) then the key.',
  },
  nir_key: { fr: 'Clé de contrôle du NIR incorrecte : vérifiez le numéro.', en: 'Incorrect NIR check key: check the number.' },
  nir_sex_mismatch: { fr: 'Le NIR ne correspond pas au sexe indiqué.', en: 'The NIR does not match the sex given.' },
  nir_birth_mismatch: { fr: 'Le NIR ne correspond pas à la date de naissance.', en: 'The NIR does not match the date of birth.' },
  birthplace_invalid: {
    fr: 'Code INSEE du lieu de naissance invalide (5 caractères, ex. 75056 ; 99 + code pays si né à l’étranger).',
    en: 'Invalid INSEE birthplace code (5 characters, e.g. 75056; 99 + country code if born abroad).',
  },
  phone_invalid: { fr: 'Numéro de téléphone invalide.', en: 'Invalid phone number.' },
  birth_date_invalid: { fr: 'Date de naissance invalide ou dans le futur.', en: 'Invalid or future date of birth.' },
  identity_document_required: {
    fr: 'Une identité validée ou qualifiée exige le type de pièce d’identité vérifiée.',
    en: 'A validated or qualified identity needs the type of identity document checked.',
  },
  ins_requires_nir: { fr: 'Une identité récupérée ou qualifiée exige le NIR.', en: 'A retrieved or qualified identity needs the NIR.' },
  possible_duplicate: {
    fr: 'Un client semblable existe déjà : ouvrez sa fiche plutôt que d’en créer une seconde.',
    en: 'A similar client already exists: open their record rather than creating a second one.',
  },
  client_not_found: { fr: 'Client introuvable.', en: 'Client not found.' },
  illegal_transition: {
    fr: 'Passage impossible du statut « {from} » au statut « {to} ».',
    en: 'Cannot move from status "{from}" to "{to}".',
  },
  cancel_reason_required: { fr: 'Indiquez le motif de l’annulation.', en: 'Give the reason for cancelling.' },
  override_reason_required: {
    fr: 'Indiquez pourquoi vous modifiez la proposition du triage.',
    en: 'Say why you change the triage proposal.',
  },
  request_not_found: { fr: 'Demande introuvable.', en: 'Request not found.' },
  task_not_found: { fr: 'Tâche introuvable.', en: 'Task not found.' },
  assignee_invalid: {
    fr: 'Une demande ne peut être confiée qu’à un conseiller ou un coordinateur actif.',
    en: 'A request can only be assigned to an active advisor or coordinator.',
  },
  emergency_not_active: { fr: 'Aucun protocole d’urgence en cours sur cette demande.', en: 'No emergency protocol is running on this request.' },
  specialty_unknown: { fr: 'Spécialité inconnue.', en: 'Unknown specialty.' },
  consent_required: {
    fr: 'Votre accord est nécessaire pour que nous traitions votre demande.',
    en: 'We need your consent to handle your request.',
  },
  no_client_record: {
    fr: 'Votre compte n’est pas encore relié à votre dossier client : contactez votre conseiller.',
    en: 'Your account is not linked to your client record yet: contact your advisor.',
  },
  rpps_key: { fr: 'Numéro RPPS invalide : sa clé de contrôle (Luhn) est fausse.', en: 'Invalid RPPS number: its (Luhn) check digit is wrong.' },
  practitioner_not_found: { fr: 'Praticien introuvable.', en: 'Practitioner not found.' },
  place_not_found: { fr: 'Lieu d’exercice introuvable.', en: 'Place of work not found.' },
  verification_required: {
    fr: 'Pour référencer ce praticien comme partenaire, enregistrez d’abord une vérification en cours de validité (RPPS, diplômes, certifications).',
    en: 'To list this practitioner as a partner, first record a verification that is still valid (RPPS, licence, certifications).',
  },
  finess_format: { fr: 'Numéro FINESS invalide : 9 caractères, commençant par le département (ex. 750000001, 2A0000001).', en: 'Invalid FINESS number: 9 characters starting with the department (e.g. 750000001, 2A0000001).' },
  provider_not_found: { fr: 'Prestataire introuvable.', en: 'Provider not found.' },
  provider_duplicate: { fr: 'Un prestataire avec ce numéro FINESS existe déjà.', en: 'A provider with this FINESS number already exists.' },
  specialty_required: {
    fr: 'Indiquez la spécialité recherchée : la demande n’est pas encore qualifiée.',
    en: 'Choose the specialty to search for: the request is not qualified yet.',
  },
  shortlist_duplicate: { fr: 'Ce praticien est déjà dans la sélection de la demande.', en: 'This practitioner is already in the request’s shortlist.' },
  slot_unavailable: {
    fr: 'Ce créneau n’est plus disponible : il vient d’être réservé. Choisissez-en un autre.',
    en: 'This slot is no longer available: it has just been booked. Please choose another one.',
  },
  slot_outside_hours: { fr: 'Ce créneau est en dehors des horaires de consultation du praticien.', en: 'This slot is outside the practitioner’s consultation hours.' },
  appointment_not_found: { fr: 'Rendez-vous introuvable.', en: 'Appointment not found.' },
  appointment_not_live: { fr: 'Ce rendez-vous est annulé ou terminé : il ne peut plus être modifié.', en: 'This appointment is cancelled or over: it can no longer be changed.' },
  cancellation_too_late: {
    fr: 'Ce rendez-vous ne peut plus être annulé ou déplacé en ligne moins de {hours} heures avant. Appelez la conciergerie.',
    en: 'This appointment can no longer be cancelled or moved online less than {hours} hours before. Please call the concierge.',
  },
  reason_required: { fr: 'Indiquez le motif.', en: 'Please give a reason.' },
  consultation_type_unknown: { fr: 'Type de consultation inconnu pour ce praticien.', en: 'Unknown consultation type for this practitioner.' },
  proposal_not_found: { fr: 'Cette proposition de rendez-vous est introuvable, expirée ou déjà utilisée.', en: 'This appointment proposal cannot be found, has expired or was already used.' },
  link_invalid: { fr: 'Ce lien n’est pas valide ou a expiré.', en: 'This link is invalid or has expired.' },
  shortlist_item_not_found: { fr: 'Élément de la sélection introuvable.', en: 'Shortlist item not found.' },
  invalid_cursor: { fr: 'Curseur de pagination invalide.', en: 'Invalid pagination cursor.' },
  import_not_found: { fr: 'Import introuvable.', en: 'Import not found.' },
  import_file_empty: {
    fr: 'Le fichier envoyé est vide : joignez l’extraction RPPS (PS_LibreAcces_Personne_activite_*.txt).',
    en: 'The file sent is empty: attach the RPPS extract (PS_LibreAcces_Personne_activite_*.txt).',
  },
  import_header_invalid: {
    fr: 'Ce fichier n’est pas l’extraction « Personne activité » de l’Annuaire Santé : colonnes absentes {columns}.',
    en: 'This file is not the Annuaire Santé "Personne activité" extract: missing columns {columns}.',
  },
  import_no_rows: {
    fr: 'L’extraction ne contient aucune ligne lisible : rien n’a été modifié, personne n’a été désactivé.',
    en: 'The extract has no readable row: nothing was changed, nobody was deactivated.',
  },
  import_in_progress: {
    fr: 'Un import de l’annuaire est déjà en cours : attendez qu’il se termine.',
    en: 'A directory import is already running: wait until it finishes.',
  },
  import_interrupted: {
    fr: 'L’envoi du fichier a été interrompu : l’import est annulé, personne n’a été désactivé.',
    en: 'The upload was interrupted: the import is cancelled, nobody was deactivated.',
  },
} as const satisfies Record<string, { fr: string; en: string }>;

export type MessageCode = keyof typeof messages;
