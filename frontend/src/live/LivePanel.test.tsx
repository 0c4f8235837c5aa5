import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fromArray, fromValue, makeSubject } from 'wonka';
import { mockClient, renderWithProviders } from '../test/render';
import { addPing, LivePanel, MAX_PINGS } from './LivePanel';

const ping = (message: string, at = '2030-01-02T03:04:05Z') => ({ data: { pings: { message, at } } });

describe('LivePanel', () => {
  it('lists the received pings, newest first', async () => {
    const client = mockClient({
      executeSubscription: vi.fn(() => fromArray([ping('first'), ping('second'), ping('third')])),
    });
    renderWithProviders(<LivePanel />, { client });

    const list = await screen.findByTestId('ping-list');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    const messages = within(list)
      .getAllByRole('listitem')
      .map((item) => item.querySelector('p')?.textContent);
    expect(messages).toEqual(['third', 'second', 'first']);
    expect(within(list).getAllByRole('listitem')[0].querySelector('time')).toHaveAttribute(
      'datetime',
      '2030-01-02T03:04:05Z',
    );
  });

  it('adds pings as they arrive', async () => {
    const subject = makeSubject<ReturnType<typeof ping>>();
    const client = mockClient({ executeSubscription: vi.fn(() => subject.source) });
    renderWithProviders(<LivePanel />, { client });

    expect(screen.getByText(/No pings received yet/)).toBeInTheDocument();
    subject.next(ping('hello'));
    expect(await screen.findByText('hello')).toBeInTheDocument();
    subject.next(ping('again'));
    expect(await screen.findByText('again')).toBeInTheDocument();
    expect(screen.queryByText(/No pings received yet/)).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.querySelector('p')?.textContent)).toEqual(['again', 'hello']);
  });

  it('sends the typed message with the ping mutation and clears the box', async () => {
    const executeMutation = vi.fn(() => fromValue({ data: { ping: { ok: true, errors: [] } } }));
    const client = mockClient({ executeMutation });
    renderWithProviders(<LivePanel />, { client });
    const user = userEvent.setup();

    const box = screen.getByLabelText('Message');
    await user.type(box, '  hi there  {Enter}');

    await waitFor(() => expect(box).toHaveValue(''));
    expect(executeMutation).toHaveBeenCalledTimes(1);
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: unknown }];
    expect(operation.variables).toEqual({ message: 'hi there' });
  });

  it('shows the error of a refused ping and keeps the text', async () => {
    const executeMutation = vi.fn(() =>
      fromValue({ data: { ping: { ok: false, errors: [{ field: 'message', code: 'too_long', message: 'Too long.' }] } } }),
    );
    renderWithProviders(<LivePanel />, { client: mockClient({ executeMutation }) });
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Message'), 'x');
    await user.click(screen.getByRole('button', { name: 'Send ping' }));

    expect(await screen.findByText('Too long.')).toBeInTheDocument();
    expect(screen.getByLabelText('Message')).toHaveValue('x');
  });

  it('shows the connection status', () => {
    renderWithProviders(<LivePanel />, { client: mockClient(), connection: 'reconnecting' });
    expect(screen.getByTestId('live-status')).toHaveTextContent('Reconnecting');
  });
});

describe('addPing', () => {
  it('keeps at most MAX_PINGS, newest first', () => {
    let list: ReturnType<typeof addPing> | undefined;
    for (let i = 0; i < MAX_PINGS + 5; i++) list = addPing(list, ping(`m${i}`).data);
    expect(list).toHaveLength(MAX_PINGS);
    expect(list?.[0].message).toBe(`m${MAX_PINGS + 4}`);
    expect(list?.at(-1)?.message).toBe('m5');
  });
});
