// Textes communs de l'application (français, langue par défaut).
export const commonFr = {
  appName: 'Parcours',
  tagline: 'Conciergerie médicale',
  skipToContent: 'Aller au contenu principal',
  colon: '\u00a0: ',
  loading: 'Chargement…',
  justNow: 'à l’instant',
  a11y: {
    closeDialog: 'Fermer la fenêtre',
    closeNotification: 'Fermer la notification',
    clear: 'Effacer la sélection',
    togglePassword: 'Afficher ou masquer le mot de passe',
  },
  actions: {
    cancel: 'Annuler',
    save: 'Enregistrer',
    confirm: 'Confirmer',
    close: 'Fermer',
    retry: 'Réessayer',
    back: 'Retour',
  },
  nav: {
    label: 'Navigation principale',
    home: 'Tableau de bord',
    requests: 'Demandes',
    portal: 'Mes demandes',
    clients: 'Clients',
    directory: 'Annuaire',
    schedule: 'Agenda',
    teleconsultations: 'Téléconsultations',
    records: 'Dossiers',
    billing: 'Facturation',
    kpis: 'Indicateurs',
    admin: 'Administration',
  },
  header: {
    openNavigation: 'Ouvrir le menu de navigation',
    closeNavigation: 'Fermer le menu de navigation',
    language: 'Langue de l’interface',
    languages: { fr: 'Français', en: 'English' },
    userMenu: 'Menu de {{name}}',
    account: 'Mon compte',
    signOut: 'Se déconnecter',
  },
  roles: {
    admin: 'Administrateur',
    advisor: 'Conseiller médical',
    coordinator: 'Coordinateur de soins',
    practitioner: 'Professionnel de santé',
    client: 'Client',
  },
  home: {
    title: 'Tableau de bord',
    welcome: 'Bonjour {{name}}',
    signedInAs: 'Vous êtes connecté avec le rôle',
    intro:
      'Parcours accompagne chaque demande de santé, du premier appel jusqu’au remboursement. Les modules ci-dessous arrivent progressivement.',
    availableTitle: 'Disponible aujourd’hui',
    accountCard: 'Gérer votre profil, votre mot de passe, la double authentification et vos sessions.',
    adminCard: 'Créer les comptes de l’équipe, consulter le journal d’accès et la boîte d’envoi des e-mails.',
    requestsCard: 'La file des demandes par urgence, le triage, le protocole d’urgence vitale, les notes et les tâches.',
    portalCard: 'Suivre vos demandes en cours et en envoyer une nouvelle à votre conseiller.',
    clientsCard: 'Retrouver un client, créer une fiche avec identité, assurance et proches.',
    directoryCard: 'Praticiens et prestataires : recherche, carte, vérifications des partenaires, avis.',
    open: 'Ouvrir',
    upcomingTitle: 'Prochains modules',
  },
  comingSoon: {
    badge: 'Bientôt',
    title: 'Ce module arrive dans une prochaine version',
    backHome: 'Retour au tableau de bord',
    modules: {
      requests:
        'Recevoir les demandes de santé (formulaire, portail, téléphone ou e-mail), les qualifier par urgence et spécialité, et les suivre dans une file priorisée avec des délais de réponse.',
      clients:
        'Tenir la fiche de chaque client et de ses proches : coordonnées, couverture Assurance Maladie et mutuelle, consentements.',
      directory:
        'Trouver les professionnels de santé (identifiés par leur numéro RPPS), les établissements et les prestataires par spécialité et par lieu.',
      schedule:
        'Proposer des créneaux, réserver les rendez-vous sans double réservation et envoyer confirmations et rappels.',
      teleconsultations:
        'Organiser des téléconsultations par lien sécurisé, avec test du matériel, vidéo, messagerie et partage de documents.',
      records:
        'Conserver, chiffrés, comptes rendus, résultats, ordonnances et imagerie, et les partager avec les professionnels selon le consentement du client.',
      billing:
        'Établir devis et factures, enregistrer les règlements et suivre les remboursements de l’Assurance Maladie et des mutuelles.',
      kpis: 'Suivre l’activité : délais de réponse, rendez-vous obtenus, remboursements et satisfaction des clients.',
    },
  },
  notFound: {
    title: 'Page introuvable',
    text: 'L’adresse demandée ne correspond à aucune page.',
  },
  errors: {
    network: 'Le serveur ne répond pas. Vérifiez votre connexion et réessayez.',
    unexpected: 'Une erreur inattendue est survenue (code {{status}}).',
    rateLimited: 'Trop de tentatives. Patientez un instant avant de réessayer.',
    sessionExpired: 'Votre session a expiré. Veuillez vous reconnecter.',
    loadFailed: 'Le chargement a échoué.',
  },
  notifications: {
    successTitle: 'C’est fait',
    errorTitle: 'Action impossible',
  },
  boot: {
    failed: 'Impossible de joindre le serveur Parcours.',
  },
};

export type CommonMessages = typeof commonFr;
