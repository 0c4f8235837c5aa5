import { Alert, Badge, Button, Card, FileButton, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { PageHeader } from '../components/PageHeader';
import { humanize } from '../lib/format';
import type { ImportConfigurationMutation as ImportResult } from '../graphql';
import { collectErrors, type UserError } from '../lib/errors';
import { ImportConfigurationMutation } from './mutations';

type Payload = ImportResult['importConfiguration'];

export function SectionsTable({ sections, dryRun }: { sections: Payload['sections']; dryRun: boolean }) {
  return (
    <Table aria-label={dryRun ? 'Changes the import would make' : 'Changes made'} data-testid="import-sections">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Section</Table.Th>
          <Table.Th ta="right">{dryRun ? 'Would create' : 'Created'}</Table.Th>
          <Table.Th ta="right">{dryRun ? 'Would change' : 'Changed'}</Table.Th>
          <Table.Th ta="right">Unchanged</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sections.map((s) => (
          <Table.Tr key={s.section}>
            <Table.Td>{humanize(s.section)}</Table.Td>
            <Table.Td ta="right">{s.created > 0 ? <Badge color="green">+{s.created}</Badge> : 0}</Table.Td>
            <Table.Td ta="right">{s.changed > 0 ? <Badge color="yellow">~{s.changed}</Badge> : 0}</Table.Td>
            <Table.Td ta="right">{s.unchanged}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Paste or upload a configuration document, see what a dry run would change (or the errors, each
 * with its path), then apply it. Editing the document after a dry run asks for a new one.
 */
export default function ConfigurationPage() {
  const [document, setDocument] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ document: string; payload: Payload } | null>(null);
  const [applied, setApplied] = useState<Payload | null>(null);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [{ fetching }, run] = useMutation(ImportConfigurationMutation);
  const [mode, setMode] = useState<'dry' | 'apply' | null>(null);

  async function importDocument(dryRun: boolean) {
    setMode(dryRun ? 'dry' : 'apply');
    setApplied(null);
    const result = await run({ document, dryRun });
    setMode(null);
    const payload = result.data?.importConfiguration;
    const found = collectErrors(result.error, payload);
    setErrors(found);
    if (!payload || found.length > 0) {
      setChecked(null);
      return;
    }
    if (dryRun) setChecked({ document, payload });
    else {
      setApplied(payload);
      setChecked(null);
    }
  }

  async function onFile(file: File | null) {
    if (!file) return;
    const text = await file.text();
    setDocument(text);
    setFileName(file.name); // "Loaded <name>." only once its text is in the editor
    setChecked(null);
    setApplied(null);
    setErrors([]);
  }

  const upToDate = checked !== null && checked.document === document;

  return (
    <>
      <PageHeader title="Configuration" />
      <Stack>
        <Card withBorder component="section" aria-labelledby="doc-title">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h5" id="doc-title">
                Configuration document
              </Title>
              <FileButton onChange={onFile} accept=".yaml,.yml,.json,text/yaml,application/json">
                {(props) => (
                  <Button variant="default" size="xs" {...props}>
                    Upload a file…
                  </Button>
                )}
              </FileButton>
            </Group>
            <Text size="sm" c="dimmed">
              Clients, payees, hierarchy, pay codes, oncosts, pay and bill agreements and job orders (YAML or JSON, <code>version: 1</code>). The import is all or nothing
              and keyed by codes and names, so importing the same document twice changes nothing.
              {fileName && ` Loaded ${fileName}.`}
            </Text>
            <Textarea
              label="Document"
              value={document}
              onChange={(e) => {
                setDocument(e.currentTarget.value);
                setApplied(null);
              }}
              autosize
              minRows={10}
              maxRows={24}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              spellCheck={false}
              data-testid="config-document"
            />
            <Group>
              <Button variant="light" onClick={() => importDocument(true)} loading={fetching && mode === 'dry'} disabled={!document.trim() || fetching}>
                Dry run
              </Button>
              <Button onClick={() => importDocument(false)} loading={fetching && mode === 'apply'} disabled={!upToDate || fetching}>
                Apply
              </Button>
              {!upToDate && document.trim() && (
                <Text size="sm" c="dimmed">
                  Run a dry run first; Apply stores exactly what it showed.
                </Text>
              )}
            </Group>
          </Stack>
        </Card>
        <ErrorList errors={errors} title="The document has errors; nothing was stored" />
        {upToDate && checked && (
          <Card withBorder component="section" aria-labelledby="diff-title">
            <Title order={2} size="h5" id="diff-title" mb="xs">
              Dry run: what Apply would do
            </Title>
            <Text size="sm" mb="xs" data-testid="dry-run-summary">
              {checked.payload.summary}
            </Text>
            <SectionsTable sections={checked.payload.sections} dryRun />
          </Card>
        )}
        {applied && (
          <Alert color="green" title="Configuration applied" role="status" data-testid="import-applied">
            <Text size="sm" mb="xs">
              {applied.summary}
            </Text>
            <SectionsTable sections={applied.sections} dryRun={false} />
          </Alert>
        )}
      </Stack>
    </>
  );
}
