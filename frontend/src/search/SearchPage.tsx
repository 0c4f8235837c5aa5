import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { graphql } from '../graphql';
import { humanize } from '../lib/format';

export const SearchQuery = graphql(`
  query Search($text: String!) {
    search(text: $text) {
      kind
      id
      code
      title
      subtitle
    }
  }
`);

const PAGES: Record<string, string> = { CLIENT: '/clients', JOB_ORDER: '/job-orders', INVOICE: '/invoices' };

/** Where a hit opens: its own page when it has one. */
export function hitLink(kind: string, id: string): string | null {
  const base = PAGES[kind];
  return base ? `${base}/${encodeURIComponent(id)}` : null;
}

/** The top bar's search: clients, contacts, workers, job orders and invoices. */
export default function SearchPage() {
  const [params] = useSearchParams();
  const text = (params.get('q') ?? '').trim();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SearchQuery, variables: { text }, pause: text.length < 2 });
  return (
    <>
      <PageHeader title={text ? `Search: ${text}` : 'Search'} />
      {text.length < 2 ? (
        <Text c="dimmed">Type at least 2 characters in the search box at the top.</Text>
      ) : (
        <QueryState what="the search" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.search.length === 0} empty="Nothing matches.">
          {(d) => (
            <Table aria-label="Search results" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.search.map((hit) => {
                  const to = hitLink(hit.kind, hit.id);
                  return (
                    <Table.Tr key={hit.id}>
                      <Table.Td>
                        <Badge variant="light">{humanize(hit.kind)}</Badge>
                      </Table.Td>
                      <Table.Td>{to ? <Anchor component={Link} to={to}>{hit.code}</Anchor> : hit.code}</Table.Td>
                      <Table.Td>{hit.title}</Table.Td>
                      <Table.Td>{hit.subtitle}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      )}
    </>
  );
}
