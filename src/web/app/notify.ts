// Toasts for the outcome of user actions (Mantine notifications).
import { notifications } from '@mantine/notifications';
import { errorMessage } from './api.ts';
import { i18n } from './i18n.ts';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', title: i18n.t('notifications.successTitle'), message, autoClose: 5000 });
}

export function notifyError(error: unknown): void {
  notifications.show({
    color: 'red',
    title: i18n.t('notifications.errorTitle'),
    message: errorMessage(error),
    autoClose: 8000,
  });
}
