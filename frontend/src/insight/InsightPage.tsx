import { Select, Stack, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { EntitiesQuery } from '../billing/queries';
import { PageHeader } from '../components/PageHeader';
import { CashFlowView } from './CashFlowView';
import { LatePayersView } from './LatePayersView';
import { MarginsView } from './MarginsView';
import { PeopleView } from './PeopleView';

const GROUP = '__group__';

/** Insight: cash flow, margins, late payers, people — charts with a table and exports beside each. */
export default function InsightPage() {
  const [{ data }] = useQuery({ query: EntitiesQuery });
  const entities = data?.entities ?? [];
  const [choice, setChoice] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('cash');
  const value = choice ?? entities[0]?.code ?? GROUP;
  const entity = value === GROUP ? null : value;
  const currency = entities.find((e) => e.code === entity)?.currency ?? entities[0]?.currency ?? 'AUD';
  return (
    <Stack>
      <PageHeader title="Insight">
        <Select
          label="Entity"
          value={value}
          onChange={setChoice}
          allowDeselect={false}
          data={[...entities.map((e) => ({ value: e.code, label: e.code })), { value: GROUP, label: 'Whole group' }]}
          w={220}
        />
      </PageHeader>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="cash">Cash flow</Tabs.Tab>
          <Tabs.Tab value="margins">Margins</Tabs.Tab>
          <Tabs.Tab value="late">Late payers</Tabs.Tab>
          <Tabs.Tab value="people">Consultants and workers</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="cash">
          <CashFlowView entity={entity} />
        </Tabs.Panel>
        <Tabs.Panel value="margins">
          <MarginsView entity={entity} currency={currency} />
        </Tabs.Panel>
        <Tabs.Panel value="late">
          <LatePayersView entity={entity} currency={currency} />
        </Tabs.Panel>
        <Tabs.Panel value="people">
          <PeopleView currency={currency} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
