import { Button, SimpleGrid, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { humanize } from '../lib/format';
import type { ClientQuery as ClientResult } from '../graphql';
import { InvoicesList } from '../invoices/InvoicesList';
import { JobOrdersTable } from '../jobOrders/JobOrdersTable';
import { TimesheetsTable } from '../timesheets/TimesheetsTable';
import { ContactsPanel } from './ContactsPanel';
import { TimelinePanel } from './TimelinePanel';
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
            <PageHeader
              title={`${client.name} (${client.code})`}
              crumbs={[{ label: 'Clients', to: '/clients' }]}
              actions={
                <Button component={Link} to={`/clients/${encodeURIComponent(client.id)}/edit`} variant="light">
                  Edit client
                </Button>
              }
            >
              <SimpleGrid cols={{ base: 1, xs: 3 }} maw={720}>
                <Text size="sm">Entity: {client.entity.name} ({client.entity.currency})</Text>
                <Text size="sm">Terms: {client.paymentTermsDays} days</Text>
                <Text size="sm">Invoices per {humanize(client.invoiceGrouping).toLowerCase()}</Text>
                <Text size="sm" data-testid="client-status">Status: {humanize(client.status)}</Text>
                <Text size="sm">Billing: {humanize(client.billingCycle).toLowerCase()}</Text>
              </SimpleGrid>
            </PageHeader>
            <Tabs value={tab} onChange={setTab} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="account">Account performance</Tabs.Tab>
                <Tabs.Tab value="job-orders">Job orders</Tabs.Tab>
                <Tabs.Tab value="timesheets">Timesheets</Tabs.Tab>
                <Tabs.Tab value="invoices">Invoices</Tabs.Tab>
                <Tabs.Tab value="contacts">Contacts</Tabs.Tab>
                <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
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
              <Tabs.Panel value="timeline">
                <TimelinePanel clientId={client.id} clientCode={client.code} currency={client.entity.currency} />
              </Tabs.Panel>
              <Tabs.Panel value="contacts">
                <ContactsPanel clientId={client.id} clientCode={client.code} />
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
