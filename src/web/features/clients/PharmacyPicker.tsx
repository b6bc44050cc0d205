// The usual-pharmacy picker: search-as-you-type over the directory's pharmacies (the server folds
// accents and tolerates typos, so the list is not filtered again here). The chosen pharmacy stays
// in the list whatever the search shows, so a preselected one always reads back.
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLIENTS_KEY, clientsApi, type PharmacyOption } from './api.ts';

export const pharmacyLabel = (p: Pick<PharmacyOption, 'name' | 'postalCode' | 'city'>): string => `${p.name} — ${p.postalCode} ${p.city}`;

export function PharmacyPicker({
  value,
  onChange,
  label,
  description,
  error,
  required = false,
  autoFocus = false,
}: {
  value: PharmacyOption | null;
  onChange: (pharmacy: PharmacyOption | null) => void;
  label?: string;
  description?: string;
  error?: string | undefined;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('clients');
  const [search, setSearch] = useState(value ? pharmacyLabel(value) : '');
  const [debounced] = useDebouncedValue(search, 200);
  // While the box shows the chosen pharmacy's own label, list every pharmacy rather than that name.
  const q = value && debounced === pharmacyLabel(value) ? '' : debounced;
  const found = useQuery({ queryKey: [...CLIENTS_KEY, 'pharmacies', q], queryFn: () => clientsApi.pharmacies(q), placeholderData: keepPreviousData, staleTime: 60_000 });
  const options = useMemo(() => {
    const list = found.data?.providers ?? [];
    return value && !list.some((p) => p.id === value.id) ? [value, ...list] : list;
  }, [found.data, value]);
  return (
    <Select
      label={label ?? t('fields.pharmacy')}
      description={description}
      placeholder={t('fields.pharmacySearch')}
      required={required}
      searchable
      clearable={!required}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data={options.map((p) => ({ value: p.id, label: pharmacyLabel(p) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id ? (options.find((p) => p.id === id) ?? null) : null)}
      nothingFoundMessage={found.isFetching ? t('fields.pharmacyLoading') : t('fields.pharmacyNone')}
      error={error}
      data-autofocus={autoFocus || undefined}
      data-testid="pharmacy-picker"
    />
  );
}
