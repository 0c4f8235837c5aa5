import { SimpleGrid, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { humanize } from '../lib/format';
import type { ClientQuery as ClientResult } from '../graphql';
import { InvoicesList } from '../invoices/InvoicesList';
import { JobOrdersTable } from '../jobOrders/JobOrdersTable';
import { TimesheetsTable } from '../timesheets/TimesheetsTable';
import { ClientQuery } from './queries';
import { AccountPanel } from '../insight/AccountPanel';

type Client = Extract<NonNullable<ClientResult['node']>, { paymentTermsDays: number }>;

export default function ClientPage() {
  const { id = '' } = useParams();
  const [tab, setTab] = useState<string | null>('job-orders');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClientQuery, variables: { id } });
  const client = data?.node && 'paymentTermsDays' in data.node ? (data.node as Client) : null;
  return (
    <QueryState what="the client" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => !client} empty="There is no client with this ID.">
      {() =>
        client && (
          <>
            <PageHeader title={`${client.name} (${client.code})`} crumbs={[{ label: 'Clients', to: '/clients' }]}>
              <SimpleGrid cols={{ base: 1, xs: 3 }} maw={640}>
                <Text size="sm">Entity: {client.entity.name} ({client.entity.currency})</Text>
                <Text size="sm">Terms: {client.paymentTermsDays} days</Text>
                <Text size="sm">Invoices per {humanize(client.invoiceGrouping).toLowerCase()}</Text>
              </SimpleGrid>
            </PageHeader>
            <Tabs value={tab} onChange={setTab} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="account">Account performance</Tabs.Tab>
                <Tabs.Tab value="job-orders">Job orders</Tabs.Tab>
                <Tabs.Tab value="timesheets">Timesheets</Tabs.Tab>
                <Tabs.Tab value="invoices">Invoices</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="account">
                <AccountPanel client={client.code} currency={client.entity.currency} />
              </Tabs.Panel>
              <Tabs.Panel value="job-orders">
                <JobOrdersTable filters={{ client: client.code }} />
              </Tabs.Panel>
              <Tabs.Panel value="timesheets">
                <TimesheetsTable filters={{ client: client.code }} />
              </Tabs.Panel>
              <Tabs.Panel value="invoices">
                <InvoicesList filters={{ client: client.code }} />
              </Tabs.Panel>
            </Tabs>
          </>
        )
      }
    </QueryState>
  );
}
