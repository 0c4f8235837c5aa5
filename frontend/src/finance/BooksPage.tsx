import { Anchor, Button, Card, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { todayIso } from '../lib/dates';
import { formatDate } from '../lib/format';
import { ConsolidationCard } from './ConsolidationCard';
import { ExportLinks } from './ExportLinks';
import { FxRatesCard } from './FxRatesCard';
import { ManualJournalCard } from './ManualJournalCard';
import { PeriodLockCard } from './PeriodLockCard';
import { BooksQuery } from './queries';

interface Line {
  code: string;
  name: string;
  amount: string;
}

function Statement({ title, sections, currency }: { title: string; sections: { label: string; lines: Line[]; total: string }[]; currency: string }) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Table aria-label={title}>
        {sections.map((section) => (
          <Table.Tbody key={section.label}>
            <Table.Tr>
              <Table.Th colSpan={2}>{section.label}</Table.Th>
            </Table.Tr>
            {section.lines.map((line) => (
              <Table.Tr key={`${section.label}-${line.code}-${line.name}`}>
                <Table.Td>
                  {line.code} {line.name}
                </Table.Td>
                <Table.Td ta="right">
                  <Money amount={line.amount} currency={currency} />
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td fw={700}>Total {section.label.toLowerCase()}</Table.Td>
              <Table.Td ta="right" fw={700}>
                <Money amount={section.total} currency={currency} />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        ))}
      </Table>
    </Card>
  );
}

export default function BooksPage() {
  const [params, setParams] = useSearchParams();
  const { viewer } = useViewer();
  const roles = viewer?.roles ?? [];
  const isAdmin = roles.includes('admin');
  const isAccountant = isAdmin || roles.includes('finance');
  const today = todayIso();
  const entity = (params.get('entity') ?? 'KSAU').toUpperCase();
  const asOf = params.get('asOf') ?? today;
  const from = params.get('from') ?? `${asOf.slice(0, 4)}-01-01`;
  const [form, setForm] = useState({ entity, asOf, from });
  const [{ data, fetching, error }, refetch] = useQuery({ query: BooksQuery, variables: { entity, asOf, from }, context: CONTEXT });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setParams(new URLSearchParams({ entity: form.entity.trim().toUpperCase(), asOf: form.asOf, from: form.from }));
  }
  const period = new URLSearchParams({ entity, from, to: asOf });

  return (
    <>
      <PageHeader title="The books" actions={<ExportLinks list="trial-balance" entity={entity} from={from} to={asOf} />} />
      <Paper withBorder p="sm" mb="md">
        <form onSubmit={onSubmit} aria-label="Choose the entity and period">
          <Group align="flex-end">
            <TextInput label="Entity code" w={120} value={form.entity} onChange={(e) => setForm({ ...form, entity: e.currentTarget.value })} />
            <TextInput label="From (profit and loss)" type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.currentTarget.value })} />
            <TextInput label="As of" type="date" value={form.asOf} onChange={(e) => setForm({ ...form, asOf: e.currentTarget.value })} />
            <Button type="submit">Show</Button>
          </Group>
        </form>
        <Group gap="xs" mt="xs">
          <Text size="sm">For the accountant:</Text>
          {['xero', 'myob'].flatMap((product) =>
            ['invoices', 'credit-notes', 'receipts', 'journals'].map((kind) => (
              <Anchor key={`${product}-${kind}`} size="sm" href={`/exports/${product}/${kind}.csv?${period}`}>
                {product === 'xero' ? 'Xero' : 'MYOB'} {kind.replace('-', ' ')}
              </Anchor>
            )),
          )}
        </Group>
      </Paper>
      <QueryState fetching={fetching} error={error} data={data} what="the books" onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => (
          <Stack>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                Trial balance on {formatDate(d.trialBalance.asOf)}
              </Title>
              <Table aria-label="Trial balance" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Account</Table.Th>
                    <Table.Th ta="right">Debit</Table.Th>
                    <Table.Th ta="right">Credit</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.trialBalance.rows.map((r) => (
                    <Table.Tr key={r.account.code}>
                      <Table.Td>
                        {r.account.code} {r.account.name}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money amount={r.debit} currency={d.trialBalance.currency} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money amount={r.credit} currency={d.trialBalance.currency} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr>
                    <Table.Td fw={700}>Total</Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="tb-debit-total">
                      <Money amount={d.trialBalance.debitTotal} currency={d.trialBalance.currency} />
                    </Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="tb-credit-total">
                      <Money amount={d.trialBalance.creditTotal} currency={d.trialBalance.currency} />
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Card>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Statement
                title={`Profit and loss ${formatDate(from)} to ${formatDate(asOf)}`}
                currency={d.profitAndLoss.currency}
                sections={[
                  { label: 'Revenue', lines: d.profitAndLoss.revenue, total: d.profitAndLoss.totalRevenue },
                  { label: 'Expenses', lines: d.profitAndLoss.expenses, total: d.profitAndLoss.totalExpenses },
                  { label: 'Net profit', lines: [], total: d.profitAndLoss.netProfit },
                ]}
              />
              <Statement
                title={`Balance sheet on ${formatDate(asOf)}`}
                currency={d.balanceSheet.currency}
                sections={[
                  { label: 'Assets', lines: d.balanceSheet.assets, total: d.balanceSheet.totalAssets },
                  { label: 'Liabilities', lines: d.balanceSheet.liabilities, total: d.balanceSheet.totalLiabilities },
                  { label: 'Equity', lines: d.balanceSheet.equity, total: d.balanceSheet.totalEquity },
                ]}
              />
            </SimpleGrid>
            <ConsolidationCard asOf={asOf} from={from} />
            <PeriodLockCard entity={entity} current={d.periodLocks.find((l) => l.entity.code === entity)?.through ?? null} canLock={isAccountant} canUnlock={isAdmin} />
            {isAccountant && <ManualJournalCard entity={entity} currency={d.trialBalance.currency} />}
            <FxRatesCard canEdit={isAccountant} />
          </Stack>
        )}
      </QueryState>
    </>
  );
}

const CONTEXT = { additionalTypenames: ['Journal', 'Receipt', 'Invoice', 'PeriodLock'] };
