// Routes of the web app (French paths, as users see them).
import { Navigate, Route, Routes } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { AccountPage } from '../features/identity/AccountPage.tsx';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.tsx';
import { LoginPage } from '../features/identity/LoginPage.tsx';
import { ResetPasswordPage } from '../features/identity/ResetPasswordPage.tsx';
import { TotpEnrolPage } from '../features/identity/TotpEnrolPage.tsx';
import { ComingSoonPage, NotFoundPage } from './ComingSoonPage.tsx';
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
