// Routes of the web app (French paths, as users see them).
import { Navigate, Route, Routes } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { AccountPage } from '../features/identity/AccountPage.tsx';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.tsx';
import { LoginPage } from '../features/identity/LoginPage.tsx';
import { ResetPasswordPage } from '../features/identity/ResetPasswordPage.tsx';
import { ClientPage } from '../features/clients/ClientPage.tsx';
import { ClientsPage } from '../features/clients/ClientsPage.tsx';
import { EditClientPage, NewClientPage } from '../features/clients/ClientFormPage.tsx';
import { DirectoryPage } from '../features/directory/DirectoryPage.tsx';
import { PractitionerPage } from '../features/directory/PractitionerPage.tsx';
import { ProviderPage } from '../features/directory/ProviderPage.tsx';
import { PortalPage } from '../features/portal/PortalPage.tsx';
import { MyDataPage } from '../features/consent/MyDataPage.tsx';
import { PrivacyNoticePage } from '../features/privacy/PrivacyNoticePage.tsx';
import { PublicPackPage } from '../features/preparation/PublicPackPage.tsx';
import { MyRecordPage, RecordsAlertsPage, SharedRecordsPage } from '../features/records/RecordsPages.tsx';
import { MyReimbursementsPage, ReimbursementsPage } from '../features/reimbursement/ReimbursementPages.tsx';
import { PreparationTemplatesPage } from '../features/preparation/TemplatesTab.tsx';
import { NewRequestPage } from '../features/requests/NewRequestPage.tsx';
import { PublicRequestPage } from '../features/requests/PublicRequestPage.tsx';
import { RequestPage } from '../features/requests/RequestPage.tsx';
import { RequestsPage } from '../features/requests/RequestsPage.tsx';
import { KpisPage } from '../features/reporting/KpisPage.tsx';
import { BillingPage, MyInvoicesPage } from '../features/billing/BillingPages.tsx';
import { AgendaPage } from '../features/scheduling/AgendaPage.tsx';
import { PublicAppointmentPage } from '../features/scheduling/PublicAppointmentPage.tsx';
import { TeleconsultationPage } from '../features/teleconsultation/TeleconsultationPage.tsx';
import { TeleconsultationsPage } from '../features/teleconsultation/TeleconsultationsPage.tsx';
import { PublicProposalPage } from '../features/scheduling/PublicProposalPage.tsx';
import { PublicSurveyPage } from '../features/followup/PublicSurveyPage.tsx';
import { SurveysPage } from '../features/followup/SurveysPage.tsx';
import { TotpEnrolPage } from '../features/identity/TotpEnrolPage.tsx';
import { ComingSoonPage, NotFoundPage } from './ComingSoonPage.tsx';
import { STAFF_ROLES } from './api.ts';
import { ENROL_PATH, RedirectIfSignedIn, RequireAuth, RequireRole } from './guards.tsx';
import { HomePage } from './HomePage.tsx';
import { PublicLayout } from './PublicLayout.tsx';
import { NAV_ITEMS, Shell } from './Shell.tsx';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route
          path="/connexion"
          element={
            <RedirectIfSignedIn>
              <LoginPage />
            </RedirectIfSignedIn>
          }
        />
        <Route path="/mot-de-passe-oublie" element={<ForgotPasswordPage />} />
        <Route path="/reinitialiser" element={<ResetPasswordPage />} />
      </Route>
      <Route
        path="/confidentialite"
        element={
          <PublicLayout width={820}>
            <PrivacyNoticePage />
          </PublicLayout>
        }
      />
      <Route
        path="/demande"
        element={
          <PublicLayout width={720}>
            <PublicRequestPage />
          </PublicLayout>
        }
      />
      <Route
        path="/proposition/:token"
        element={
          <PublicLayout width={720}>
            <PublicProposalPage />
          </PublicLayout>
        }
      />
      <Route
        path="/avis/:token"
        element={
          <PublicLayout width={640}>
            <PublicSurveyPage />
          </PublicLayout>
        }
      />
      <Route
        path="/rdv/:token"
        element={
          <PublicLayout width={720}>
            <PublicAppointmentPage />
          </PublicLayout>
        }
      />
      <Route
        path="/teleconsultation/:token"
        element={
          <PublicLayout width={1240}>
            <TeleconsultationPage />
          </PublicLayout>
        }
      />
      <Route
        path="/dossier-rdv/:token"
        element={
          <PublicLayout width={760}>
            <PublicPackPage />
          </PublicLayout>
        }
      />

      <Route element={<RequireAuth />}>
        <Route
          path={ENROL_PATH}
          element={
            <PublicLayout width={620} signOut>
              <TotpEnrolPage />
            </PublicLayout>
          }
        />
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          {NAV_ITEMS.filter((item) => item.upcoming).map((item) => (
            <Route key={item.key} path={item.path} element={<ComingSoonPage module={item.key} />} />
          ))}
          <Route element={<RequireRole roles={STAFF_ROLES} />}>
            <Route path="/demandes" element={<RequestsPage />} />
            <Route path="/demandes/nouvelle" element={<NewRequestPage />} />
            <Route path="/demandes/:id" element={<RequestPage />} />
            <Route path="/clients" element={<ClientsPage />} />
            <Route path="/clients/nouveau" element={<NewClientPage />} />
            <Route path="/clients/:id" element={<ClientPage />} />
            <Route path="/clients/:id/modifier" element={<EditClientPage />} />
            <Route path="/annuaire" element={<DirectoryPage />} />
            <Route path="/annuaire/prestataires" element={<DirectoryPage />} />
            <Route path="/annuaire/a-reverifier" element={<DirectoryPage />} />
            <Route path="/annuaire/praticiens/:id" element={<PractitionerPage />} />
            <Route path="/annuaire/prestataires/:id" element={<ProviderPage />} />
            <Route path="/agenda" element={<AgendaPage />} />
            <Route path="/teleconsultations" element={<TeleconsultationsPage />} />
            <Route path="/dossiers" element={<RecordsAlertsPage />} />
            <Route path="/remboursements" element={<ReimbursementsPage />} />
            <Route path="/avis-clients" element={<SurveysPage />} />
            <Route path="/indicateurs" element={<KpisPage />} />
            <Route path="/facturation" element={<BillingPage />} />
            <Route
              path="/preparation/modeles"
              element={
                <RequireRole roles={['admin', 'coordinator']}>
                  <PreparationTemplatesPage />
                </RequireRole>
              }
            />
          </Route>
          <Route element={<RequireRole roles={['client']} />}>
            <Route path="/mes-demandes" element={<PortalPage />} />
            <Route path="/mon-dossier" element={<MyRecordPage />} />
            <Route path="/mes-remboursements" element={<MyReimbursementsPage />} />
            <Route path="/mes-factures" element={<MyInvoicesPage />} />
            <Route path="/mes-donnees" element={<MyDataPage />} />
          </Route>
          <Route element={<RequireRole roles={['practitioner']} />}>
            <Route path="/dossiers-partages" element={<SharedRecordsPage />} />
            <Route path="/dossiers-partages/:clientId" element={<SharedRecordsPage />} />
          </Route>
          <Route path="/compte" element={<AccountPage />} />
          <Route path="/administration" element={<Navigate to="/administration/comptes" replace />} />
          <Route
            path="/administration/:tab"
            element={
              <RequireRole roles={['admin']}>
                <AdminPage />
              </RequireRole>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
