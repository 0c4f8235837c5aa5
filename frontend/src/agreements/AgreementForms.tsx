import { Button, Group, List, Paper, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { endPreview, type EndableRule } from './endings';
import { CreateBillAgreementMutation, EndBillRateLineMutation, EndBillRateRuleMutation } from './mutations';

const FORM_FIELDS = ['name', 'node', 'validFrom', 'validTo'];

/** A new bill agreement header at a node (rules are added to it afterwards). */
export function NewBillAgreement({ levels, onSaved }: { levels: string[]; onSaved: () => void }) {
  const [name, setName] = useState('');
  const [level, setLevel] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<UserError[]>([]);
  const [saved, setSaved] = useState('');
  const [{ fetching }, create] = useMutation(CreateBillAgreementMutation);
  const at = (field: string) => errorsAt(errors, field);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const found: UserError[] = [];
    if (!level) found.push({ field: 'node', code: 'REQUIRED', message: 'Choose the level of the node the agreement is made at.' });
    else if (!value.trim()) found.push({ field: 'node', code: 'REQUIRED', message: `Give the ${level} the agreement is made for.` });
    if (!validFrom) found.push({ field: 'validFrom', code: 'REQUIRED', message: 'Give the first day the agreement applies.' });
    if (found.length > 0 || !level) {
      setErrors(found);
      return;
    }
    const result = await create({ name, node: { level, value: value.trim() }, validFrom, validTo: validTo || null });
    const problems = collectErrors(result.error, result.data?.createBillAgreement);
    setErrors(problems);
    if (problems.length === 0) {
      setSaved(`Bill agreement ${result.data?.createBillAgreement.billAgreement?.name ?? name} created: add its rules next.`);
      setName('');
      setValue('');
      setValidFrom('');
      setValidTo('');
      onSaved();
    }
  }

  return (
    <Paper withBorder p="md" mb="md" component="form" onSubmit={save} aria-label="New bill agreement" noValidate>
      <Stack gap="sm">
        <Title order={2} size="h5">
          New bill agreement
        </Title>
        <Group align="flex-start" gap="sm">
          <TextInput label="Agreement name" required value={name} onChange={(e) => { setName(e.currentTarget.value); setSaved(''); }} error={at('name')} />
          <Select label="Node level" required placeholder="Choose" data={levels} value={level} onChange={setLevel} error={at('node') ? true : undefined} w={170} />
          <TextInput label="Node value" required description="e.g. ACME for a client" value={value} onChange={(e) => setValue(e.currentTarget.value)} error={at('node')} />
          <TextInput label="Valid from" type="date" required value={validFrom} onChange={(e) => setValidFrom(e.currentTarget.value)} error={at('validFrom')} />
          <TextInput label="Valid to" type="date" description="Empty: open-ended" value={validTo} onChange={(e) => setValidTo(e.currentTarget.value)} error={at('validTo')} />
        </Group>
        <Group>
          <Button type="submit" loading={fetching}>
            Create bill agreement
          </Button>
        </Group>
        <ErrorList errors={errors.filter((e) => !FORM_FIELDS.includes(e.field ?? ''))} />
        {saved && (
          <Text size="sm" role="status">
            {saved}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** End a rule, or one of its lines, on a day: review what it does, then confirm. */
export function EndRule({ ruleId, rule, nodeLabel, onSaved }: { ruleId: string; rule: EndableRule; nodeLabel: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [what, setWhat] = useState('rule');
  const [lastDay, setLastDay] = useState('');
  const [review, setReview] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [saved, setSaved] = useState('');
  const [{ fetching: endingRule }, endRule] = useMutation(EndBillRateRuleMutation);
  const [{ fetching: endingLine }, endLine] = useMutation(EndBillRateLineMutation);
  if (!open) {
    return (
      <Button size="xs" variant="subtle" color="red" mt={4} onClick={() => setOpen(true)} aria-label={`End the rule at ${nodeLabel} or one of its lines`}>
        End
      </Button>
    );
  }

  function check() {
    const preview = endPreview(rule, what, lastDay);
    setErrors(preview.ok ? [] : [{ field: 'validTo', code: 'INVALID', message: preview.message }]);
    setReview(preview.ok ? preview.lines : null);
  }

  async function confirm() {
    const result = what === 'rule' ? await endRule({ rule: ruleId, validTo: lastDay }) : await endLine({ line: what, validTo: lastDay });
    const payload = result.data && ('endBillRateRule' in result.data ? result.data.endBillRateRule : 'endBillRateLine' in result.data ? result.data.endBillRateLine : undefined);
    const found = collectErrors(result.error, payload);
    setErrors(found);
    if (found.length === 0) {
      setSaved(`Ended on ${lastDay}.`);
      setReview(null);
      onSaved();
    }
  }

  return (
    <Paper withBorder p="sm" mt="xs" component="section" aria-label={`End the rule at ${nodeLabel}`}>
      <Stack gap="xs">
        <Radio.Group label="What ends" value={what} onChange={(v) => { setWhat(v); setReview(null); }}>
          <Group gap="md" mt={4}>
            <Radio value="rule" label="The whole rule" />
            {rule.lines.length > 1 && rule.lines.map((l) => <Radio key={l.id} value={l.id} label={`Only the line ${l.scope}`} />)}
          </Group>
        </Radio.Group>
        <Group align="flex-start" gap="sm">
          <TextInput label="Last day" type="date" value={lastDay} onChange={(e) => { setLastDay(e.currentTarget.value); setReview(null); setSaved(''); }} error={errorsAt(errors, 'validTo')} />
          <Button variant="light" mt={24} onClick={check}>
            Review
          </Button>
          <Button color="red" mt={24} onClick={confirm} disabled={review === null} loading={endingRule || endingLine}>
            Confirm end
          </Button>
        </Group>
        {review && (
          <List size="sm" data-testid="end-preview" aria-live="polite">
            {review.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        )}
        <ErrorList errors={errors.filter((e) => e.field !== 'validTo')} title="Not ended" />
        {saved && (
          <Text size="sm" role="status">
            {saved}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
