import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result.ts';
import { hostChannelNames, hostEventNameList } from './channels.ts';
import { hostContract, hostEvents, type HostHandlers } from './contract.ts';
import { dispatchHostCall } from './dispatch.ts';

const unused = () => {
  throw new Error('not used in this test');
};
const allUnused = Object.fromEntries(hostChannelNames.map((channel) => [channel, unused])) as unknown as HostHandlers;

const handlers: HostHandlers = {
  ...allUnused,
  'app.info': () => ({ version: '1', host: 'browser', dataDirectory: '/tmp', schemaVersion: 'x' }),
  'tickets.list': (query) => ({ items: [], total: query.limit }),
  'tickets.get': () => {
    throw new AppFailure('not_found', 'Ticket non trovato.');
  },
};

describe('dispatchHostCall', () => {
  it('answers ok with the handler value, after applying defaults', async () => {
    expect(await dispatchHostCall(handlers, 'tickets.list', {})).toEqual({ ok: true, value: { items: [], total: 100 } });
  });
  it('rejects unknown channels', async () => {
    const result = await dispatchHostCall(handlers, 'tickets.drop', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });
  it('rejects malformed and unknown fields with an Italian message', async () => {
    const result = await dispatchHostCall(handlers, 'tickets.get', { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Richiesta non valida: id: /);
    const extra = await dispatchHostCall(handlers, 'tickets.list', { limit: 5, admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
  it('turns thrown failures into envelopes and hides unexpected errors', async () => {
    const id = '0190f5a0-0000-7000-8000-000000000000';
    expect(await dispatchHostCall(handlers, 'tickets.get', { id })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Ticket non trovato.' },
    });
    const crashing: HostHandlers = { ...handlers, 'app.info': () => { throw new Error('secret stack'); } };
    const result = await dispatchHostCall(crashing, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret');
  });
});

describe('contract', () => {
  it('defines exactly the channel and event names the preload exposes', () => {
    expect(Object.keys(hostContract).sort()).toEqual([...hostChannelNames].sort());
    expect(Object.keys(hostEvents).sort()).toEqual([...hostEventNameList].sort());
  });
});
