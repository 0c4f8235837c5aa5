import { Accordion, Badge, Button, Card, Code, Group, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { useViewer } from '../auth/useViewer';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { humanize } from '../lib/format';
import type { AgreementsQuery as AgreementsResult } from '../graphql';
import { todayIso } from '../lib/dates';
import { formatDate, formatQuantity } from '../lib/format';
import { describeMethod } from '../lib/rates';
import { EndRule, NewBillAgreement } from './AgreementForms';
import { ChangeBillRate } from './ChangeBillRate';
import { ChangeValue } from './ChangeValue';
import { AgreementsQuery } from './queries';

function RuleChange({ ruleId, lines, nodeLabel, onSaved }: { ruleId: string; lines: Parameters<typeof ChangeBillRate>[0]['lines']; nodeLabel: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <ChangeBillRate ruleId={ruleId} lines={lines} onSaved={onSaved} />
  ) : (
    <Button size="xs" variant="subtle" mt={4} onClick={() => setOpen(true)} aria-label={`Change the rates of the rule at ${nodeLabel}`}>
      Change the rates
    </Button>
  );
}

/** The default hierarchy, broadest first (docs/design.md §4.1), until the server's is loaded. */
export const LEVELS = ['country', 'brand', 'state', 'client', 'cost_centre', 'payee', 'job_order'];

/** Ranks node levels by a hierarchy, broadest first; unknown levels go last. */
export function levelRanker(levels: readonly string[] = LEVELS): (level: string) => number {
  return (level) => {
    const i = levels.indexOf(level);
    return i === -1 ? levels.length : i;
  };
}

export function inEffect(on: string, from: string, to: string | null | undefined): boolean {
  return from <= on && (!to || on <= to);
}

function Validity({ from, to, on }: { from: string; to: string | null | undefined; on: string }) {
  const active = inEffect(on, from, to);
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(from)} – {to ? formatDate(to) : 'open'}
      </Text>
      <Badge size="xs" color={active ? 'green' : 'gray'} variant="light">
        {active ? 'in effect' : from > on ? 'future' : 'ended'}
      </Badge>
    </Group>
  );
}

/** Groups items by their node level (broadest first), then node value. */
export function byNode<T extends { nodeLevel: string; nodeValue: string }>(items: T[], levelRank = levelRanker()): { level: string; value: string; items: T[] }[] {
  const groups = new Map<string, { level: string; value: string; items: T[] }>();
  for (const item of items) {
    const key = `${item.nodeLevel}=${item.nodeValue}`;
    if (!groups.has(key)) groups.set(key, { level: item.nodeLevel, value: item.nodeValue, items: [] });
    groups.get(key)!.items.push(item);
  }
  return [...groups.values()].sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.value.localeCompare(b.value));
}

type Data = AgreementsResult;

function BillAgreements({ data, on, onChanged, manages }: { data: Data; on: string; onChanged: () => void; manages: boolean }) {
  const levelRank = levelRanker(data.hierarchyLevels);
  const headers = data.billAgreements.edges.map((e) => e.node);
  if (headers.length === 0) return <Text c="dimmed">No bill agreements yet.</Text>;
  return (
    <Stack>
      {byNode(headers, levelRank).map((group) => (
        <Card withBorder key={`${group.level}=${group.value}`} component="section" aria-label={`${group.level} ${group.value}`} pl={`calc(var(--mantine-spacing-md) + ${levelRank(group.level) * 12}px)`}>
          <Title order={2} size="h5" mb="xs">
            <Code>{group.level}</Code> = {group.value}
          </Title>
          <Accordion multiple variant="separated" chevronPosition="left">
            {group.items.map((h) => (
              <Accordion.Item value={h.id} key={h.id}>
                <Accordion.Control>
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Text fw={600}>{h.name}</Text>
                    <Validity from={h.validFrom} to={h.validTo} on={on} />
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  {h.rules.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No rules.
                    </Text>
                  ) : (
                    <Stack gap="sm">
                      {[...h.rules]
                        .sort((a, b) => levelRank(a.nodeLevel) - levelRank(b.nodeLevel) || a.validFrom.localeCompare(b.validFrom))
                        .map((rule) => (
                          <Card withBorder key={rule.id} p="xs" ml={levelRank(rule.nodeLevel) * 8}>
                            <Group justify="space-between" mb={4}>
                              <Text size="sm">
                                Rule at <Code>{rule.nodeLevel}={rule.nodeValue}</Code>
                              </Text>
                              <Validity from={rule.validFrom} to={rule.validTo} on={on} />
                            </Group>
                            <Table.ScrollContainer minWidth={520}>
                              <Table aria-label={`Lines of the rule at ${rule.nodeLevel} ${rule.nodeValue}`} fz="sm" verticalSpacing={2}>
                                <Table.Thead>
                                  <Table.Tr>
                                    <Table.Th>Scope</Table.Th>
                                    <Table.Th>Method</Table.Th>
                                    <Table.Th>Rounding</Table.Th>
                                    <Table.Th>Oncosts passed through</Table.Th>
                                  </Table.Tr>
                                </Table.Thead>
                                <Table.Tbody>
                                  {rule.lines.map((line) => (
                                    <Table.Tr key={line.id}>
                                      <Table.Td>
                                        <Code>{line.scope}</Code>
                                      </Table.Td>
                                      <Table.Td>
                                        {humanize(line.method)}: {describeMethod(line.method, line.value)}
                                      </Table.Td>
                                      <Table.Td>
                                        {humanize(line.roundingMode)}, {line.roundingPlaces} places
                                      </Table.Td>
                                      <Table.Td>{line.oncosts === null ? 'the bill oncosts' : line.oncosts.length === 0 ? 'none' : line.oncosts.map((o) => o.code).join(', ')}</Table.Td>
                                    </Table.Tr>
                                  ))}
                                </Table.Tbody>
                              </Table>
                            </Table.ScrollContainer>
                            {manages && (
                              <Group gap="xs" align="flex-start">
                                <RuleChange ruleId={rule.id} lines={rule.lines} nodeLabel={`${rule.nodeLevel} ${rule.nodeValue}`} onSaved={onChanged} />
                                <EndRule ruleId={rule.id} rule={rule} nodeLabel={`${rule.nodeLevel} ${rule.nodeValue}`} onSaved={onChanged} />
                              </Group>
                            )}
                          </Card>
                        ))}
                    </Stack>
                  )}
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Card>
      ))}
    </Stack>
  );
}

function PayAgreements({ data, on, changes, onChanged }: { data: Data; on: string; changes: boolean; onChanged: () => void }) {
  const levelRank = levelRanker(data.hierarchyLevels);
  const headers = data.payAgreements.edges.map((e) => e.node);
  if (headers.length === 0) return <Text c="dimmed">No pay agreements yet.</Text>;
  return (
    <Accordion multiple variant="separated" chevronPosition="left">
      {headers.map((h) => (
        <Accordion.Item value={h.id} key={h.id}>
          <Accordion.Control>
            <Group justify="space-between" gap="xs">
              <Text fw={600}>
                {h.name} <Code>{h.nodeLevel}={h.nodeValue}</Code>
              </Text>
              <Validity from={h.validFrom} to={h.validTo} on={on} />
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Table aria-label={`Pay rates of ${h.name}`} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Pay code</Table.Th>
                  <Table.Th>Node</Table.Th>
                  <Table.Th ta="right">Rate</Table.Th>
                  <Table.Th>Valid</Table.Th>
                  {changes && <Table.Th>Change from a date</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...h.rates]
                  .sort((a, b) => levelRank(a.nodeLevel) - levelRank(b.nodeLevel))
                  .map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{r.payCode.code}</Table.Td>
                      <Table.Td>
                        <Code>
                          {r.nodeLevel}={r.nodeValue}
                        </Code>
                      </Table.Td>
                      <Table.Td ta="right">{formatQuantity(r.rate)}</Table.Td>
                      <Table.Td>
                        <Validity from={r.validFrom} to={r.validTo} on={on} />
                      </Table.Td>
                      {changes && (
                        <Table.Td>
                          {(!r.validTo || r.validTo >= on) && <ChangeValue kind="pay" id={r.id} current={r.rate} label={`the ${r.payCode.code} pay rate at ${r.nodeLevel} ${r.nodeValue}`} onSaved={onChanged} />}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

function describeAppliesTo(value: unknown): string {
  const v = (value ?? {}) as { all?: boolean; pay_code_types?: string[]; pay_codes?: string[] };
  if (v.all) return 'all pay codes';
  if (v.pay_code_types) return `types ${v.pay_code_types.join(', ')}`;
  if (v.pay_codes) return `codes ${v.pay_codes.join(', ')}`;
  return JSON.stringify(value);
}

function Oncosts({ data, on, changes, onChanged }: { data: Data; on: string; changes: boolean; onChanged: () => void }) {
  const oncosts = data.oncosts.edges.map((e) => e.node);
  if (oncosts.length === 0) return <Text c="dimmed">No oncosts yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Oncosts" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Code</Table.Th>
            <Table.Th>Node</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Applies to</Table.Th>
            <Table.Th>Values</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {oncosts.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {o.code}
                </Text>
                <Text size="xs" c="dimmed">
                  {o.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>
                  {o.nodeLevel}={o.nodeValue}
                </Code>
              </Table.Td>
              <Table.Td>
                {o.kind === 'PERCENT' ? 'Percent' : 'Amount per unit'}, {o.bill ? 'bill oncost' : 'pay oncost'}
              </Table.Td>
              <Table.Td>{describeAppliesTo(o.appliesTo)}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {o.values.map((v) => (
                    <div key={v.id}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" w={60} ta="right">
                          {formatQuantity(v.value)}
                          {o.kind === 'PERCENT' ? '%' : ''}
                        </Text>
                        <Validity from={v.validFrom} to={v.validTo} on={on} />
                      </Group>
                      {changes && (!v.validTo || v.validTo >= on) && <ChangeValue kind="oncost" id={v.id} current={v.value} label={`the ${o.code} value from ${v.validFrom}`} onSaved={onChanged} />}
                    </div>
                  ))}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function AgreementsPage() {
  const { can } = useViewer();
  const manages = can('manage_agreements');
  // Pay rate and oncost changes show pay rates in their previews: confidential as well.
  const changesPay = manages && can('view_confidential');
  const [on, setOn] = useState(todayIso());
  const [{ data, fetching, error }, refetch] = useQuery({ query: AgreementsQuery });
  return (
    <>
      <PageHeader title="Agreements">
        <Text size="sm" c="dimmed">
          The rate hierarchy, broadest level first. A rule at a lower level on a job order's path wins over one above it.
        </Text>
      </PageHeader>
      <TextInput label="Show what is in effect on" type="date" value={on} onChange={(e) => setOn(e.currentTarget.value || todayIso())} w={220} mb="md" />
      <QueryState what="agreements" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })}>
        {(d) => (
          <Tabs defaultValue="bill" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="bill">Bill agreements ({d.billAgreements.totalCount ?? d.billAgreements.edges.length})</Tabs.Tab>
              <Tabs.Tab value="pay">Pay agreements ({d.payAgreements.totalCount ?? d.payAgreements.edges.length})</Tabs.Tab>
              <Tabs.Tab value="oncosts">Oncosts</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="bill">
              {manages && <NewBillAgreement levels={d.hierarchyLevels} onSaved={() => refetch({ requestPolicy: 'network-only' })} />}
              <BillAgreements data={d} on={on} manages={manages} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
            </Tabs.Panel>
            <Tabs.Panel value="pay">
              <PayAgreements data={d} on={on} changes={changesPay} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
            </Tabs.Panel>
            <Tabs.Panel value="oncosts">
              <Oncosts data={d} on={on} changes={changesPay} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
            </Tabs.Panel>
          </Tabs>
        )}
      </QueryState>
    </>
  );
}
