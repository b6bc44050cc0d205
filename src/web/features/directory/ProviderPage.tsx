// Fiche prestataire (/annuaire/prestataires/:id): details, edit (dialog), reviews.
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconEdit } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Facts, PageHeader, PageLoadState, SectionCard } from '../../app/components.tsx';
import { formatPhone } from '../../app/format.ts';
import { useAddProviderReview, useProvider } from './api.ts';
import { ProviderFormModal } from './ProviderForm.tsx';
import { formatCoordinates, NetworkBadge, placeAddress, ReviewsSection } from './ui.tsx';

/** Only http(s) links become clickable. */
function safeUrl(value: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function ProviderPage() {
  const { t } = useTranslation('directory');
  const { id = '' } = useParams();
  const detail = useProvider(id);
  const addReview = useAddProviderReview(id);
  const [editing, setEditing] = useState(false);

  if (!detail.data)
    return (
      <PageLoadState isPending={detail.isPending} error={detail.error} title={t('providers.notFound')} backTo="/annuaire/prestataires" backLabel={t('providers.back')} />
    );

  const { provider, reviews } = detail.data;
  const website = provider.website ? safeUrl(provider.website) : null;
  return (
    <>
      <Anchor component={Link} to="/annuaire/prestataires" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden="true" />
          {t('providers.back')}
        </Group>
      </Anchor>
      <PageHeader
        title={provider.name}
        actions={
          <Group gap="xs">
            <Badge variant="light" color="indigo">
              {t(`kinds.${provider.kind}`, { defaultValue: provider.kind })}
            </Badge>
            <NetworkBadge status={provider.networkStatus} />
            {!provider.active ? (
              <Badge variant="outline" color="gray">
                {t('providers.inactive')}
              </Badge>
            ) : null}
            <Button leftSection={<IconEdit size={16} aria-hidden="true" />} variant="light" onClick={() => setEditing(true)}>
              {t('providers.edit')}
            </Button>
          </Group>
        }
      />
      <Stack gap="lg">
        <SectionCard title={t('providers.details')} id="provider-details">
          <Facts
            items={[
              { label: t('providers.fields.kind'), value: t(`kinds.${provider.kind}`, { defaultValue: provider.kind }) },
              { label: t('providers.fields.finess'), value: provider.finess ? <Text ff="monospace" span>{provider.finess}</Text> : null },
              { label: t('providers.fields.siret'), value: provider.siret ? <Text ff="monospace" span>{provider.siret}</Text> : null },
              { label: t('practitioner.address'), value: placeAddress(provider) },
              { label: t('providers.fields.coordinates'), value: formatCoordinates(provider.latitude, provider.longitude) ?? t('practitioner.notGeolocated') },
              { label: t('providers.fields.phone'), value: provider.phone ? <Anchor href={`tel:${provider.phone}`}>{formatPhone(provider.phone)}</Anchor> : null },
              { label: t('providers.fields.email'), value: provider.email ? <Anchor href={`mailto:${provider.email}`}>{provider.email}</Anchor> : null },
              {
                label: t('providers.fields.website'),
                value: provider.website ? (
                  website ? (
                    <Anchor href={website} target="_blank" rel="noopener noreferrer">
                      {provider.website}
                    </Anchor>
                  ) : (
                    provider.website
                  )
                ) : null,
              },
              {
                label: t('providers.fields.services'),
                value: provider.services.length ? (
                  <Group gap={4}>
                    {provider.services.map((service) => (
                      <Badge key={service} variant="light" color="gray" styles={{ label: { textTransform: 'none' } }}>
                        {service}
                      </Badge>
                    ))}
                  </Group>
                ) : null,
              },
              { label: t('providers.fields.teamNotes'), value: provider.teamNotes ? <span className="pre-wrap">{provider.teamNotes}</span> : null },
            ]}
          />
        </SectionCard>
        <ReviewsSection rating={provider.rating} reviews={reviews} mutation={addReview} />
      </Stack>
      <ProviderFormModal opened={editing} onClose={() => setEditing(false)} provider={provider} />
    </>
  );
}
