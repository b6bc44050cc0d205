// Pieces shared by the client pages.
import { Badge, Tooltip } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ageInYears, formatCalendarDate } from '../../app/format.ts';
import type { IdentityStatus } from './api.ts';

const IDENTITY_COLORS: Record<IdentityStatus, string> = { PROV: 'orange', VALI: 'indigo', RECUP: 'cyan', QUAL: 'green' };

/** RNIV identity status: PROV, VALI, RECUP, QUAL (the code and its label; the help as a tooltip). */
export function IdentityStatusBadge({ status }: { status: IdentityStatus }) {
  const { t } = useTranslation('clients');
  return (
    <Tooltip label={t(`identityStatusHelp.${status}`)} withinPortal>
      <Badge
        variant="light"
        color={IDENTITY_COLORS[status] ?? 'gray'}
        leftSection={status === 'QUAL' ? <IconShieldCheck size={12} aria-hidden="true" /> : undefined}
        tabIndex={0}
      >
        {t(`identityStatus.${status}`)} ({status})
      </Badge>
    </Tooltip>
  );
}

/** "14/03/1962 (63 ans)". */
export function BirthDate({ value }: { value: string }) {
  const { t } = useTranslation('clients');
  const age = ageInYears(value);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {formatCalendarDate(value)}
      {age !== null ? ` (${t('years', { count: age })})` : ''}
    </span>
  );
}
