import { Alert, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { LoadingState } from '../components/states';
import type { RateQuoteQuery as RateQuoteResult } from '../graphql';
import { todayIso } from '../lib/dates';
import { errorMessage } from '../lib/errors';
import { formatMoney, formatPercent, formatQuantity, formatRate, humanize } from '../lib/format';
import { describeMethod } from '../lib/rates';
import { PayCodesQuery, RateQuoteQuery } from './queries';

export type RateQuote = RateQuoteResult['rateQuote'];

/** The priced quote, step by step: pay rate → oncosts → cost rate → method → bill rate → margin. */
export function RateQuoteView({ quote, currency }: { quote: RateQuote; currency: string }) {
  const money = (v: string) => formatMoney(v, currency);
  const rate = (v: string) => formatRate(v, currency);
  return (
    <Stack gap="sm" data-testid="rate-quote">
      <Table aria-label="Rate quote" withRowBorders>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">Pay rate</Table.Th>
            <Table.Td>{rate(quote.payRate)} per unit</Table.Td>
            <Table.Td c="dimmed">
              {formatQuantity(quote.quantity)} × {quote.payCode} → wage {money(quote.wage)}
            </Table.Td>
          </Table.Tr>
          {quote.billOncosts.map((o) => (
            <Table.Tr key={`b-${o.code}`}>
              <Table.Th scope="row">+ bill oncost {o.code}</Table.Th>
              <Table.Td>{money(o.amount)}</Table.Td>
              <Table.Td c="dimmed">passed through to the client</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">= Cost rate</Table.Th>
            <Table.Td data-testid="quote-cost-rate">{rate(quote.costRate)}</Table.Td>
            <Table.Td c="dimmed">pay rate plus bill oncosts per unit</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Method</Table.Th>
            <Table.Td>{humanize(quote.rule.method)}</Table.Td>
            <Table.Td c="dimmed">{describeMethod(quote.rule.method, quote.rule.value)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Bill rate</Table.Th>
            <Table.Td fw={600} data-testid="quote-bill-rate">
              {rate(quote.billRate)}
            </Table.Td>
            <Table.Td c="dimmed">bill amount {money(quote.billAmount)}</Table.Td>
          </Table.Tr>
          {quote.payOncosts.map((o) => (
            <Table.Tr key={`p-${o.code}`}>
              <Table.Th scope="row">Pay oncost {o.code}</Table.Th>
              <Table.Td>{money(o.amount)}</Table.Td>
              <Table.Td c="dimmed">cost only, in the margin</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">Gross margin</Table.Th>
            <Table.Td fw={600} data-testid="quote-margin">
              {money(quote.grossMargin)}
            </Table.Td>
            <Table.Td c="dimmed">{formatPercent(quote.marginPercent)} of the bill amount</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Alert variant="light" color="indigo" title="The rule that won">
        <Text size="sm">
          Agreement <strong>{quote.rule.agreement}</strong>, rule at level <Code>{quote.rule.level}</Code> ={' '}
          <Code>{quote.rule.nodeValue}</Code>, line scope <Code>{quote.rule.scope}</Code>:{' '}
          {describeMethod(quote.rule.method, quote.rule.value)}.
        </Text>
      </Alert>
    </Stack>
  );
}

/** A form that asks `rateQuote` for a pay code, quantity and date on this job order. */
export function RateQuoteExplainer({ jobOrderId, currency, defaultDate }: { jobOrderId: string; currency: string; defaultDate?: string }) {
  const [{ data: codes }] = useQuery({ query: PayCodesQuery });
  const [payCode, setPayCode] = useState<string | null>('ORD');
  const [quantity, setQuantity] = useState('38');
  const [date, setDate] = useState(defaultDate ?? todayIso());
  const [asked, setAsked] = useState<{ payCode: string; quantity: string; date: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: RateQuoteQuery,
    variables: { jobOrder: jobOrderId, payCode: asked?.payCode ?? '', quantity: asked?.quantity ?? '0', date: asked?.date ?? '' },
    pause: !asked,
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!payCode || !quantity.trim() || Number.isNaN(Number(quantity)) || !date) {
      setFormError('Choose a pay code and enter a quantity and a date.');
      return;
    }
    setFormError(null);
    setAsked({ payCode, quantity: quantity.trim(), date });
  }

  const options = codes?.payCodes.edges.map(({ node }) => ({ value: node.code, label: `${node.code} — ${node.name}` })) ?? [];

  return (
    <Card withBorder component="section" aria-labelledby="quote-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="quote-title">
          Rate quote explainer
        </Title>
        <form onSubmit={onSubmit} aria-label="Rate quote">
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 4 }} spacing="sm" verticalSpacing="xs">
            <Select label="Pay code" data={options.length ? options : payCode ? [payCode] : []} value={payCode} onChange={setPayCode} searchable />
            <TextInput label="Quantity" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} inputMode="decimal" />
            <TextInput label="Date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
            <Group align="flex-end">
              <Button type="submit" loading={fetching}>
                Quote
              </Button>
            </Group>
          </SimpleGrid>
        </form>
        {formError && (
          <Text c="red" size="sm" role="alert">
            {formError}
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert" title="No quote">
            {errorMessage(error)}
          </Alert>
        )}
        {fetching && !data && <LoadingState label="Pricing" />}
        {data && !error && <RateQuoteView quote={data.rateQuote} currency={currency} />}
      </Stack>
    </Card>
  );
}
