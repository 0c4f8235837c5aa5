import { Code, List, Text } from '@mantine/core';

interface OncostProvenance {
  code?: string;
  kind?: string;
  value?: string;
  bill?: boolean;
  passed_through?: boolean;
  amount?: string;
}

interface LineProvenance {
  pay_rate?: string;
  wage?: string;
  margin_percent?: string;
  provenance?: {
    bill_agreement_name?: string;
    rule_id?: number;
    rule_node?: [string, string];
    line_id?: number;
    scope?: string;
    method?: string;
    value?: string;
    rounding?: string;
    places?: number;
    cost?: string;
    pay_rate_source?: string;
    oncosts?: OncostProvenance[];
  };
}

/** Staff only: how a bill line was priced (agreement, rule, line, pay rate rule, oncost values). */
export function Provenance({ value }: { value: unknown }) {
  const p = (value ?? {}) as LineProvenance;
  const inner = p.provenance;
  if (!inner) return <Code block>{JSON.stringify(value, null, 2)}</Code>;
  return (
    <List size="xs" spacing={2}>
      <List.Item>
        Agreement <strong>{inner.bill_agreement_name}</strong>, rule #{inner.rule_id} at{' '}
        <Code>{inner.rule_node ? `${inner.rule_node[0]}=${inner.rule_node[1]}` : '?'}</Code>, line #{inner.line_id} (scope <Code>{inner.scope}</Code>)
      </List.Item>
      <List.Item>
        {inner.method} {inner.value} on cost {inner.cost && Number(inner.cost).toFixed(4)}, rounded {inner.rounding?.toLowerCase().replace(/_/g, ' ')} to {inner.places} places
      </List.Item>
      <List.Item>
        Pay rate {p.pay_rate} ({inner.pay_rate_source})
      </List.Item>
      {(inner.oncosts ?? []).map((o) => (
        <List.Item key={o.code}>
          <Text span size="xs">
            Oncost {o.code}: {o.kind === 'PERCENT' ? `${o.value}%` : o.value} → {o.amount} ({o.bill ? 'bill' : 'pay'} oncost{o.passed_through ? ', passed through' : ''})
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
