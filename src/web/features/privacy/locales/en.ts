import type { PrivacyMessages } from './fr.ts';

export const privacyEn: PrivacyMessages = {
  notice: {
    title: 'Privacy and the protection of your data',
    updated: 'Last updated: November 2026',
    intro:
      'Parcours is a medical concierge service: we organise your care (appointments, teleconsultations, documents, reimbursements). To do so we process personal data, health data included. This page explains which data, why, on what legal basis, who receives them, how long we keep them and how to exercise your rights.',
    sections: [
      {
        title: 'Controller and data protection officer',
        body: 'The controller is the company that runs your Parcours concierge service. You can reach its data protection officer (DPO) at dpo@parcours.example (an address to be replaced by the operator’s).',
      },
      {
        title: 'What we collect',
        body: 'Identity (names, date and place of birth, sex, national health identifier INS when your identity is qualified), contact details, relatives and trusted person, GP, health insurance and complementary insurance; your requests and their follow-up; your appointments; your medical documents (reports, results, prescriptions, imaging) and measurements; your consents; the messages we send you; the traces of access to your file.',
      },
      {
        title: 'Why, and on what legal basis',
        body: 'To organise and follow your care at your request (performance of the contract, GDPR art. 6.1.b); health data are processed with your explicit consent (art. 9.2.a) and, for health professionals, for your care (art. 9.2.h). To keep invoices and meet legal obligations (art. 6.1.c). To secure the service and log accesses (legitimate interest and security obligation, art. 6.1.f and 32).',
      },
      {
        title: 'Who has access',
        body: 'Authorised members of the Parcours team, according to their role. As the team are not health professionals, they view your medical file only with your explicit consent (French Public Health Code, art. L.1110-4). The practitioners you name, for the document types and the period you choose. Our technical processors (HDS-certified host, e-mail and SMS delivery), bound by contract to confidentiality. No data is sold or used for advertising.',
      },
      {
        title: 'How long',
        body: 'Medical file: 5 years active after your last contact, then 15 years archived (CNIL deliberation 2020-081), unless you ask for erasure. Content of e-mails and SMS sent: 1 year. Access traces: at least 6 rolling months, kept to prove who viewed what. These periods are set by the administrator and applied automatically every night.',
      },
      {
        title: 'Hosting and security',
        body: 'Health data are hosted by an HDS-certified host (French health data hosting certification), within the European Economic Area. Your documents and sensitive data are encrypted (AES-256-GCM); team and practitioner accounts use two-factor authentication; every view of your file is logged.',
      },
      {
        title: 'Your rights and how to exercise them',
        body: 'You may access your data, correct it, download it (portability), ask for its erasure, object to or restrict a processing, and withdraw a consent at any time. In your space: “My data and sharing” to give or withdraw an access, see the access history and download all your data (JSON, FHIR and original documents). For erasure or any other request: write to the DPO (dpo@parcours.example) or to your adviser; we answer within one month (8 days for access to your medical file). You may also complain to the CNIL (www.cnil.fr).',
      },
    ],
    myData: 'Go to “My data and sharing”',
  },
  admin: {
    intro: 'Clients’ rights (GDPR): export all of a client’s data, erase on request, retention periods applied every night.',
    find: 'Client',
    findPlaceholder: 'Number (PC-…) or name',
    findButton: 'Search',
    none: 'No client found.',
    select: 'Choose',
    export: 'Export their data (zip)',
    erase: {
      title: 'Erase the data of {{name}} ({{number}})',
      help: 'Irreversible. Personal data are erased or anonymised; the access log is kept (legal obligation) and a record of the erasure (client number and counts only) is created.',
      reason: 'Reason',
      reasonPlaceholder: 'E.g. the client’s written request of 20/11',
      requestedAt: 'Date of the request',
      confirm: 'To confirm, type the client number',
      submit: 'Erase for good',
      done: 'Data erased.',
      already: 'This client’s data were erased on {{date}}.',
    },
    register: { title: 'Register of erasures', empty: 'No erasure.', client: 'Client', reason: 'Reason', requested: 'Requested on', performed: 'Performed on' },
    retention: {
      title: 'Retention periods',
      help: 'In days. Applied every night (3 am) by a scheduled job; the legal minimum is enforced.',
      kind: 'Data',
      days: 'Period (days)',
      basis: 'Basis',
      save: 'Save',
      saved: 'Periods saved.',
      run: 'Apply now',
      ran: 'Applied: {{messages}} messages cleared, {{sessions}} sessions deleted, {{clients}} files erased.',
    },
  },
};
