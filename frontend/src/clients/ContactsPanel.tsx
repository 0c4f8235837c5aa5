import { Badge, Button, Checkbox, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorList } from '../components/ErrorList';
import { QueryState } from '../components/QueryState';
import { collectErrors, errorsAt, type UserError } from '../lib/errors';
import { ClientContactsQuery, CreateContactMutation } from './mutations';

const EMPTY = { name: '', role: '', email: '', phone: '', billing: false, approver: false };

/** A client's contacts, and a form to add one (billing contacts receive invoices, approvers approve time). */
export function ContactsPanel({ clientId, clientCode }: { clientId: string; clientCode: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClientContactsQuery, variables: { id: clientId } });
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<UserError[]>([]);
  const [saved, setSaved] = useState('');
  const [{ fetching: saving }, create] = useMutation(CreateContactMutation);
  const contacts = data?.node && 'contacts' in data.node ? data.node.contacts.edges.map((e) => e.node) : [];

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setSaved('');
    const result = await create({ input: { client: clientCode, ...values } });
    const found = collectErrors(result.error, result.data?.createContact);
    setErrors(found);
    if (found.length === 0) {
      setSaved(`Contact ${values.name} added.`);
      setValues(EMPTY);
      refetch({ requestPolicy: 'network-only' });
    }
  }

  return (
    <Stack>
      <QueryState what="the contacts" fetching={fetching} error={error} data={data} onRetry={() => refetch({ requestPolicy: 'network-only' })} isEmpty={() => contacts.length === 0} empty="No contacts yet.">
        {() => (
          <Table aria-label="Contacts" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Receives</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.role}</Table.Td>
                  <Table.Td>{c.email}</Table.Td>
                  <Table.Td>{c.phone}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {c.billing && <Badge variant="light">Invoices</Badge>}
                      {c.approver && <Badge variant="light" color="teal">Timesheet approvals</Badge>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <form onSubmit={add} aria-label="Add a contact" noValidate>
        <Stack maw={640} gap="sm">
          <Title order={2} size="h4">
            Add a contact
          </Title>
          <ErrorList errors={errors} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Contact name" required value={values.name} onChange={(e) => setValues({ ...values, name: e.currentTarget.value })} error={errorsAt(errors, 'name')} />
            <TextInput label="Role" value={values.role} onChange={(e) => setValues({ ...values, role: e.currentTarget.value })} error={errorsAt(errors, 'role')} />
            <TextInput label="Email" type="email" value={values.email} onChange={(e) => setValues({ ...values, email: e.currentTarget.value })} error={errorsAt(errors, 'email')} />
            <TextInput label="Phone" type="tel" value={values.phone} onChange={(e) => setValues({ ...values, phone: e.currentTarget.value })} error={errorsAt(errors, 'phone')} />
          </SimpleGrid>
          <Checkbox label="Billing contact (receives invoices)" checked={values.billing} onChange={(e) => setValues({ ...values, billing: e.currentTarget.checked })} />
          <Checkbox label="Timesheet approver" checked={values.approver} onChange={(e) => setValues({ ...values, approver: e.currentTarget.checked })} />
          <Group>
            <Button type="submit" loading={saving}>
              Add contact
            </Button>
            {saved && (
              <Text size="sm" role="status">
                {saved}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
