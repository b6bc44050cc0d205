// Privacy notice (/confidentialite) and the admin's RGPD tab (French, the reference).
export const privacyFr = {
  notice: {
    title: 'Confidentialité et protection de vos données',
    updated: 'Dernière mise à jour : novembre 2026',
    intro:
      'Parcours est une conciergerie médicale : nous organisons vos soins (rendez-vous, téléconsultations, documents, remboursements). Pour cela nous traitons des données personnelles, dont des données de santé. Cette page explique lesquelles, pourquoi, sur quelle base légale, qui les reçoit, combien de temps nous les gardons et comment exercer vos droits.',
    sections: [
      {
        title: 'Responsable du traitement et délégué à la protection des données',
        body: 'Le responsable du traitement est la société qui exploite votre conciergerie Parcours. Vous pouvez joindre son délégué à la protection des données (DPO) à l’adresse dpo@parcours.example (adresse à remplacer par celle de l’exploitant).',
      },
      {
        title: 'Ce que nous collectons',
        body: 'Identité (noms, prénoms, date et lieu de naissance, sexe, identifiant national de santé INS lorsque votre identité est qualifiée), coordonnées, proches et personne de confiance, médecin traitant, assurance maladie et mutuelle ; vos demandes et leur suivi ; vos rendez-vous ; vos documents médicaux (comptes rendus, résultats, ordonnances, imagerie) et vos mesures ; vos consentements ; les messages que nous vous envoyons ; les traces d’accès à votre dossier.',
      },
      {
        title: 'Pourquoi, et sur quelle base légale',
        body: 'Organiser et suivre vos soins à votre demande (exécution du contrat, art. 6.1.b RGPD) ; les données de santé sont traitées avec votre consentement explicite (art. 9.2.a RGPD) et, pour les professionnels de santé, dans le cadre de la prise en charge (art. 9.2.h). Tenir la facturation et répondre aux obligations légales (art. 6.1.c). Sécuriser le service et tracer les accès (intérêt légitime et obligation de sécurité, art. 6.1.f et 32).',
      },
      {
        title: 'Qui y a accès',
        body: 'Les membres de l’équipe Parcours habilités, selon leur rôle. L’équipe n’étant pas composée de professionnels de santé, elle ne consulte votre dossier médical qu’avec votre consentement explicite (Code de la santé publique, art. L.1110-4). Les praticiens que vous désignez, pour les types de documents et la durée que vous choisissez. Nos sous-traitants techniques (hébergeur agréé HDS, envoi d’e-mails et de SMS), tenus par contrat à la confidentialité. Aucune donnée n’est vendue ni utilisée à des fins publicitaires.',
      },
      {
        title: 'Combien de temps',
        body: 'Dossier médical : 5 ans en base active après votre dernier contact puis 15 ans en archive (référentiel CNIL, délibération 2020-081), sauf effacement demandé. Contenu des e-mails et SMS envoyés : 1 an. Traces d’accès : au moins 6 mois glissants, conservées pour prouver qui a consulté quoi. Ces durées sont configurées par l’administrateur et appliquées automatiquement chaque nuit.',
      },
      {
        title: 'Hébergement et sécurité',
        body: 'Les données de santé sont hébergées par un hébergeur certifié HDS (hébergeur de données de santé), dans l’Espace économique européen. Vos documents et les données sensibles sont chiffrés (AES-256-GCM) ; les comptes de l’équipe et des praticiens sont protégés par une double authentification ; chaque consultation de votre dossier est tracée.',
      },
      {
        title: 'Vos droits et comment les exercer',
        body: 'Vous pouvez accéder à vos données, les rectifier, les télécharger (portabilité), en demander l’effacement, vous opposer à un traitement ou le limiter, et retirer à tout moment un consentement donné. Depuis votre espace : « Mes données et partages » pour donner ou retirer un accès, voir l’historique des accès et télécharger toutes vos données (archive JSON, FHIR et documents originaux). Pour l’effacement ou toute autre demande : écrivez au DPO (dpo@parcours.example) ou à votre conseiller ; nous répondons sous un mois (8 jours pour l’accès à votre dossier médical). Vous pouvez aussi saisir la CNIL (www.cnil.fr).',
      },
    ],
    myData: 'Aller à « Mes données et partages »',
  },
  admin: {
    intro: 'Droits des clients (RGPD) : export de toutes les données d’un client, effacement sur demande, durées de conservation appliquées chaque nuit.',
    find: 'Client',
    findPlaceholder: 'Numéro (PC-…) ou nom',
    findButton: 'Rechercher',
    none: 'Aucun client trouvé.',
    select: 'Choisir',
    export: 'Exporter ses données (zip)',
    erase: {
      title: 'Effacer les données de {{name}} ({{number}})',
      help: 'Irréversible. Les données personnelles sont effacées ou anonymisées ; le journal d’accès est conservé (obligation légale) et un enregistrement de l’effacement (numéro du client et nombres seulement) est créé.',
      reason: 'Motif',
      reasonPlaceholder: 'Ex. : demande écrite du client du 20/11',
      requestedAt: 'Date de la demande',
      confirm: 'Pour confirmer, saisissez le numéro du client',
      submit: 'Effacer définitivement',
      done: 'Données effacées.',
      already: 'Les données de ce client ont été effacées le {{date}}.',
    },
    register: { title: 'Registre des effacements', empty: 'Aucun effacement.', client: 'Client', reason: 'Motif', requested: 'Demandé le', performed: 'Effectué le' },
    retention: {
      title: 'Durées de conservation',
      help: 'En jours. Appliquées chaque nuit (3 h) par une tâche planifiée ; le minimum légal est imposé.',
      kind: 'Données',
      days: 'Durée (jours)',
      basis: 'Fondement',
      save: 'Enregistrer',
      saved: 'Durées enregistrées.',
      run: 'Appliquer maintenant',
      ran: 'Appliqué : {{messages}} messages effacés, {{sessions}} sessions supprimées, {{clients}} dossiers effacés.',
    },
  },
};
export type PrivacyMessages = typeof privacyFr;
