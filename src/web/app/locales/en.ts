// Common application texts (English).
import type { CommonMessages } from './fr.ts';

export const commonEn: CommonMessages = {
  appName: 'Parcours',
  tagline: 'Medical concierge',
  skipToContent: 'Skip to main content',
  colon: ': ',
  justNow: 'just now',
  loading: 'Loading…',
  a11y: {
    closeDialog: 'Close the dialog',
    closeNotification: 'Close the notification',
    clear: 'Clear the selection',
    togglePassword: 'Show or hide the password',
  },
  actions: {
    cancel: 'Cancel',
    save: 'Save',
    confirm: 'Confirm',
    close: 'Close',
    retry: 'Try again',
    back: 'Back',
  },
  nav: {
    label: 'Main navigation',
    home: 'Dashboard',
    requests: 'Requests',
    portal: 'My requests',
    clients: 'Clients',
    directory: 'Directory',
    schedule: 'Schedule',
    teleconsultations: 'Teleconsultations',
    records: 'Medical files',
    billing: 'Billing',
    kpis: 'KPIs',
    admin: 'Administration',
  },
  header: {
    openNavigation: 'Open the navigation menu',
    closeNavigation: 'Close the navigation menu',
    language: 'Interface language',
    languages: { fr: 'Français', en: 'English' },
    userMenu: 'Menu of {{name}}',
    account: 'My account',
    signOut: 'Sign out',
  },
  roles: {
    admin: 'Administrator',
    advisor: 'Medical advisor',
    coordinator: 'Care coordinator',
    practitioner: 'Healthcare professional',
    client: 'Client',
  },
  home: {
    title: 'Dashboard',
    welcome: 'Hello {{name}}',
    signedInAs: 'You are signed in with the role',
    intro:
      'Parcours carries each health request from the first call to the reimbursement. The modules below are arriving step by step.',
    availableTitle: 'Available today',
    accountCard: 'Manage your profile, password, two-factor authentication and sessions.',
    adminCard: 'Create team accounts, read the audit log and the e-mail outbox.',
    requestsCard: 'The request queue by urgency, triage, the emergency protocol, notes and tasks.',
    portalCard: 'Follow your ongoing requests and send a new one to your advisor.',
    clientsCard: 'Find a client, create a record with identity, insurance and contacts.',
    directoryCard: 'Practitioners and providers: search, map, partner checks, reviews.',
    open: 'Open',
    upcomingTitle: 'Upcoming modules',
  },
  comingSoon: {
    badge: 'Soon',
    title: 'This module arrives in a future version',
    backHome: 'Back to the dashboard',
    modules: {
      requests:
        'Receive health requests (web form, portal, phone or e-mail), triage them by urgency and specialty, and follow them in a prioritised queue with response targets.',
      clients:
        'Keep the record of each client and their relatives: contact details, Assurance Maladie and mutuelle coverage, consents.',
      directory:
        'Find healthcare professionals (identified by their RPPS number), facilities and providers by specialty and place.',
      schedule: 'Offer slots, book appointments without double booking, and send confirmations and reminders.',
      teleconsultations:
        'Run teleconsultations through a secure link, with a device check, video, chat and document sharing.',
      records:
        'Keep reports, results, prescriptions and imaging encrypted, and share them with professionals under the client’s consent.',
      billing: 'Issue quotes and invoices, record payments and follow Assurance Maladie and mutuelle reimbursements.',
      kpis: 'Follow the activity: response times, appointments obtained, reimbursements and client satisfaction.',
    },
  },
  notFound: {
    title: 'Page not found',
    text: 'The requested address does not match any page.',
  },
  errors: {
    network: 'The server does not answer. Check your connection and try again.',
    unexpected: 'An unexpected error occurred (code {{status}}).',
    rateLimited: 'Too many attempts. Please wait a moment before trying again.',
    sessionExpired: 'Your session has expired. Please sign in again.',
    loadFailed: 'Loading failed.',
  },
  notifications: {
    successTitle: 'Done',
    errorTitle: 'Action failed',
  },
  boot: {
    failed: 'Cannot reach the Parcours server.',
  },
};
