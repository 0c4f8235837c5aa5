import { Anchor, Table, VisuallyHidden } from '@mantine/core';
import { useQuery } from 'urql';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { PAGE_SIZE, Pager, useCursorPager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { WorkerPayslipsQuery } from './queries';

/** Pay runs pay in Australian dollars (PAYG, super and RCTIs are Australian rules). */
const CURRENCY = 'AUD';

export function WorkerPayslipsList({ first = PAGE_SIZE }: { first?: number }) {
  const pager = useCursorPager();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WorkerPayslipsQuery, variables: { first, after: pager.after } });
  return (
    <QueryState what="your payslips" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={(d) => d.myPayslips.edges.length === 0} empty="No payslips yet: they appear once a pay run has paid you.">
      {(d) => (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped aria-label="Your payslips and RCTIs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Number</Table.Th>
                  <Table.Th>Period ending</Table.Th>
                  <Table.Th>Paid on</Table.Th>
                  <Table.Th ta="right">Gross</Table.Th>
                  <Table.Th ta="right">Tax withheld</Table.Th>
                  <Table.Th ta="right">Super</Table.Th>
                  <Table.Th ta="right">Net</Table.Th>
                  <Table.Th>PDF</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.myPayslips.edges.map(({ node: p }) => (
                  <Table.Tr key={p.id} data-testid="payslip-row">
                    <Table.Td>
                      {p.kind === 'RCTI' ? 'RCTI' : 'Payslip'} {p.number}
                    </Table.Td>
                    <Table.Td>{formatDate(p.periodEnd)}</Table.Td>
                    <Table.Td>{formatDate(p.payDate)}</Table.Td>
                    <Table.Td ta="right"><Money amount={p.gross} currency={CURRENCY} /></Table.Td>
                    <Table.Td ta="right"><Money amount={p.withholding} currency={CURRENCY} /></Table.Td>
                    <Table.Td ta="right"><Money amount={p.superannuation} currency={CURRENCY} /></Table.Td>
                    <Table.Td ta="right"><Money amount={p.net} currency={CURRENCY} /></Table.Td>
                    <Table.Td>
                      <Anchor href={p.pdfUrl} target="_blank" rel="noopener">
                        PDF<VisuallyHidden> of {p.number}</VisuallyHidden>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager pager={pager} pageInfo={d.myPayslips.pageInfo} totalCount={d.myPayslips.totalCount} shown={d.myPayslips.edges.length} label="Payslips" />
        </>
      )}
    </QueryState>
  );
}

export default function WorkerPayslipsPage() {
  return (
    <>
      <PageHeader title="Your payslips" />
      <WorkerPayslipsList />
    </>
  );
}
