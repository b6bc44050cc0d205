// Entry point of the Parcours web app.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { i18n } from './i18n.ts';
import { queryClient } from './queryClient.ts';
import { AppRoutes } from './routes.tsx';
import { buildTheme, cssVariablesResolver } from './theme.ts';

function App() {
  const { t } = useTranslation();
  const theme = useMemo(
    () =>
      buildTheme({
        closeDialog: t('a11y.closeDialog'),
        closeNotification: t('a11y.closeNotification'),
        clear: t('a11y.clear'),
        togglePassword: t('a11y.togglePassword'),
      }),
    [t],
  );
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="bottom-right" zIndex={1000} limit={4} />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');

createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
