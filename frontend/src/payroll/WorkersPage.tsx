import { Alert, Anchor, Button, Card, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { errorMessage } from '../lib/errors';
import { useWorkerAccess } from '../workers/access';
import { PayeeDetailsQuery, PayeesQuery } from './queries';

export default function WorkersPage() {
  const pager = useCursorPager();
  const { mayEdit } = useWorkerAccess();
  const [search, setSearch] = useState('');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PayeesQuery,
    variables: { first: PAGE_SIZE, after: pager.after, filters: search ? { search } : null },
    requestPolicy: 'cache-and-network',
  });
  return (
    <>
      <PageHeader
        title="Workers"
        actions={
          mayEdit && (
            <Button component={Link} to="/workers/new">
              New worker
            </Button>
          )
        }
      />
      <Stack>
        <TextInput label="Search" description="Code or name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
        <QueryState what="workers" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.payees.edges.length === 0} empty="No workers found.">
          {(d) => (
            <>
              <Table striped aria-label="Workers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Code</Table.Th>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Kind</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.payees.edges.map(({ node }) => (
                    <Table.Tr key={node.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/workers/${encodeURIComponent(node.id)}`}>
                          {node.code}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{node.name}</Table.Td>
                      <Table.Td>{node.kind === 'EMPLOYEE' ? 'Employee' : 'Contractor'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Pager pager={pager} pageInfo={d.payees.pageInfo} totalCount={d.payees.totalCount} shown={d.payees.edges.length} label="Workers" />
            </>
          )}
        </QueryState>
      </Stack>
    </>
  );
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** A worker: name and kind for every staff member; bank and tax facts for finance (others see why not). */
export function WorkerPage() {
  const { id = '' } = useParams();
  const { mayEdit } = useWorkerAccess();
  const [{ data, fetching, error }] = useQuery({ query: PayeeDetailsQuery, variables: { id }, requestPolicy: 'network-only' });
  const payee = data?.node && 'code' in data.node ? data.node : null;
  const refused = error && error.graphQLErrors.some((e) => e.extensions?.code === 'FORBIDDEN');
  return (
    <QueryState what="the worker" fetching={fetching} error={refused ? undefined : error} data={data} isEmpty={() => !payee} empty="There is no worker with this ID.">
      {() =>
        payee && (
          <>
            <PageHeader
              title={`${payee.name} (${payee.code})`}
              crumbs={[{ label: 'Workers', to: '/workers' }]}
              actions={
                mayEdit && (
                  <Button component={Link} to={`/workers/${encodeURIComponent(payee.id)}/edit`} size="xs" variant="light">
                    Edit
                  </Button>
                )
              }
            />
            <Stack>
              {refused && (
                <Alert color="gray" title="Bank and tax details are for finance staff">
                  {errorMessage(error)}
                </Alert>
              )}
              <Card withBorder component="section" aria-labelledby="pay-details">
                <Title order={2} size="h5" id="pay-details" mb="xs">
                  Pay details
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <div>
                    <Text size="xs" c="dimmed">Kind</Text>
                    <Text>{payee.kind === 'EMPLOYEE' ? 'Employee' : 'Contractor'}</Text>
                  </div>
                  <div>
                    <Text size="xs" c="dimmed">Bank account</Text>
                    <Text>{payee.bank ? `${payee.bank.bsb} ${payee.bank.accountMasked} (${payee.bank.name})` : 'None on file: the ABA file refuses to pay this worker'}</Text>
                  </div>
                  {payee.kind === 'EMPLOYEE' ? (
                    <>
                      <div>
                        <Text size="xs" c="dimmed">TFN declaration</Text>
                        <Text>
                          {payee.tax
                            ? `TFN provided: ${yesNo(payee.tax.tfnProvided)}; tax-free threshold: ${yesNo(payee.tax.taxFreeThreshold)}; foreign resident: ${yesNo(payee.tax.foreignResident)}`
                            : 'None on file: withheld at the no-TFN rate'}
                        </Text>
                      </div>
                      <div>
                        <Text size="xs" c="dimmed">Super fund</Text>
                        <Text>{payee.superFund ? `${payee.superFund.name} (USI ${payee.superFund.usi}, member ${payee.superFund.memberNumber})` : 'None chosen'}</Text>
                      </div>
                    </>
                  ) : (
                    <div>
                      <Text size="xs" c="dimmed">ABN and GST</Text>
                      <Text>{payee.abn ? `${payee.abn}; GST registered: ${yesNo(Boolean(payee.gstRegistered))}` : 'No ABN: 47% withheld'}</Text>
                    </div>
                  )}
                </SimpleGrid>
              </Card>
            </Stack>
          </>
        )
      }
    </QueryState>
  );
}
