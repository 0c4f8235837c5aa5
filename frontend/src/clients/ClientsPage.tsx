import { Anchor, Button, Group, Paper, Table, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { humanize } from '../lib/format';
import type { ClientFilter } from '../graphql';
import { ExportLinks } from '../finance/ExportLinks';
import { ClientsQuery } from './queries';

export function clientFilters(search: string, entity: string | null): ClientFilter | undefined {
  const filters: ClientFilter = {};
  if (search.trim()) filters.search = search.trim();
  if (entity) filters.entity = entity;
  return Object.keys(filters).length > 0 ? filters : undefined;
}

export default function ClientsPage() {
  const pager = useCursorPager();
  const [search, setSearch] = useState('');
  const [entity, setEntity] = useState<string | null>(null);
  const [applied, setApplied] = useState<{ search: string; entity: string | null }>({ search: '', entity: null });
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ClientsQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters: clientFilters(applied.search, applied.entity) },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    pager.reset();
    setApplied({ search, entity });
  }

  return (
    <>
      <PageHeader
        title="Clients"
        actions={
          <>
            <ExportLinks list="clients" filters={{ search: applied.search.trim(), entity: applied.entity }} />
            <Button component={Link} to="/clients/new">
              New client
            </Button>
          </>
        }
      />
      <Paper withBorder p="sm" mb="md">
        <form onSubmit={onSubmit} aria-label="Filter clients">
          <Group align="flex-end" gap="sm">
            <TextInput label="Search code or name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} placeholder="acme" />
            <TextInput label="Entity code" value={entity ?? ''} onChange={(e) => setEntity(e.currentTarget.value.trim().toUpperCase() || null)} placeholder="Any" w={140} />
            <Button type="submit">Filter</Button>
          </Group>
        </form>
      </Paper>
      <QueryState
        what="clients"
        fetching={fetching}
        error={error}
        data={data}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.clients.edges.length === 0}
        empty="No clients match. Add one with New client."
      >
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table striped highlightOnHover aria-label="Clients">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Code</Table.Th>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Entity</Table.Th>
                    <Table.Th>Terms</Table.Th>
                    <Table.Th>Invoice grouping</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.clients.edges.map(({ node }) => (
                    <Table.Tr key={node.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/clients/${encodeURIComponent(node.id)}`}>
                          {node.code}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{node.name}</Table.Td>
                      <Table.Td>
                        {node.entity.code} ({node.entity.currency})
                      </Table.Td>
                      <Table.Td>{node.paymentTermsDays} days</Table.Td>
                      <Table.Td>{humanize(node.invoiceGrouping)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager pager={pager} pageInfo={d.clients.pageInfo} totalCount={d.clients.totalCount} shown={d.clients.edges.length} label="Clients" />
          </>
        )}
      </QueryState>
    </>
  );
}
