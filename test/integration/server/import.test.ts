import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { newId } from '../../../src/shared/ids.ts';
import { describeImportProblem } from '../../../src/shared/import/import-kinds.ts';
import { withVatCheckDigit } from '../../../src/shared/import/italian-identifiers.ts';
import type { ImportProgress } from '../../../src/shared/import/import-report.ts';
import { runImport, type ImportRequest } from '../../../src/server/import/import.service.ts';
import { engineNames } from '../../support/server-engines.ts';
import { startTestServer, type TestServer } from '../../support/server-fixture.ts';

/** Windows-1252, as Excel on Italian Windows saves «CSV (delimitato dal separatore di elenco)». */
const windows1252 = (text: string): Uint8Array => {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92 };
  return Uint8Array.from([...text].map((char) => special[char] ?? (char.charCodeAt(0) <= 0xff ? char.charCodeAt(0) : 0x3f)));
};
const utf8 = (text: string) => new TextEncoder().encode(text);

describe.each(engineNames)('import of the existing customer base (%s)', (engine) => {
  let server: TestServer;
  const now = new Date('2026-11-23T17:00:00.000Z');
  const importFile = (kind: ImportRequest['kind'], bytes: Uint8Array, options: Partial<ImportRequest> = {}) =>
    runImport(server.database.server, { kind, fileName: `${kind}.csv`, bytes, dryRun: false, actorId: server.users.lead, via: 'schermata Importa', now, ...options });
  const vatA = withVatCheckDigit('0123456789');
  const vatB = withVatCheckDigit('0987654321');

  beforeAll(async () => {
    server = await startTestServer(engine, { clock: () => now });
  });
  afterAll(async () => server.stop());

  it('a dry run writes nothing and lists every problem; a real run with one refused row writes nothing either', async () => {
    const file = utf8(
      ['codice;ragione_sociale;partita_iva;codice_fiscale;cap;comune;email', `IMP1;Alfa S.r.l.;${vatA};;37100;Verona;info@alfa.example`, 'IMP2;Beta;12345678901;;;;', 'IMP3;Gamma;;RSSMRA85T10A562S;;;gamma'].join('\n'),
    );
    const dry = await importFile('clienti', file, { dryRun: true });
    expect(dry.problems.map(describeImportProblem)).toEqual([
      'riga 3, colonna partita_iva: partita IVA non valida: la cifra di controllo non corrisponde',
      'riga 4, colonna email: «gamma» non è un indirizzo e-mail',
    ]);
    expect(dry).toMatchObject({ rows: 3, created: 1, refused: 2, written: false });
    const real = await importFile('clienti', file);
    expect(real).toMatchObject({ refused: 2, written: false });
    expect(await server.db.selectFrom('customers').select('code').where('code', 'like', 'IMP%').execute()).toEqual([]);
  });

  it('reads Windows-1252 with ; CRLF and a BOM-less header in any order; re-importing changes nothing; an edited file updates and says what', async () => {
    const rows = [
      'Ragione Sociale;Codice;Partita IVA;Comune;Provincia;CAP;Note',
      `Società Caffè dell’Adige;IMP1;${Number(vatA)};Verona;vr;7100;Prezzi in €`,
      `Officina Bianchi;IMP2;IT${vatB};Trento;TN;38121;`,
    ];
    const first = await importFile('clienti', windows1252(rows.join('\r\n')));
    expect(first).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0, refused: 0, written: true });
    const stored = await server.db.selectFrom('customers').selectAll().where('code', '=', 'IMP1').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Società Caffè dell’Adige', vat_number: vatA, province: 'VR', postal_code: '07100', notes: 'Prezzi in €' });
    expect(await importFile('clienti', windows1252(rows.join('\r\n')))).toMatchObject({ created: 0, updated: 0, unchanged: 2, written: true });
    const edited = [...rows.slice(0, 2), `Officina Bianchi S.n.c.;IMP2;${vatB};Rovereto;TN;38068;`];
    const second = await importFile('clienti', utf8(`\uFEFF${edited.join('\n')}`));
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(second.changes).toEqual(['riga 3: IMP2 aggiornato (ragione_sociale, cap, comune)']);
    // One audited operation per import, and every console learns the customers at its next sync.
    const audits = await server.db.selectFrom('audit_log').select(['action', 'actor_id', 'after_json']).where('entity', '=', 'import').orderBy('created_at').execute();
    expect(audits.map((row) => row.action)).toEqual(['import.clienti', 'import.clienti', 'import.clienti']);
    expect(JSON.parse(audits[2]!.after_json!)).toMatchObject({ fileName: 'clienti.csv', rows: 2, created: 0, updated: 1, unchanged: 1 });
    const anna = await server.consoleFor('anna@test.it');
    const pulled = (await server.call('POST', '/sync/pull', { cursor: 0, limit: 1000 }, anna.token)).body.value.changes as Array<{ entity: string; data: Record<string, unknown> }>;
    expect(pulled.find((change) => change.entity === 'customer' && change.data['code'] === 'IMP2')?.data).toMatchObject({ name: 'Officina Bianchi S.n.c.', city: 'Rovereto', postalCode: '38068' });
  });

  it('contracts: unknown customers and overlaps are refused; a contract prices the customer’s open work again', async () => {
    const anna = await server.consoleFor('anna@test.it');
    const [ticketId, interventionId] = [newId(), newId()];
    const customerId = (await server.db.selectFrom('customers').select('id').where('code', '=', 'IMP1').executeTakeFirstOrThrow()).id;
    await anna.push([
      anna.command('ticket.create', { id: ticketId, number: `IM-${ticketId.slice(-8)}`, customerId, channel: 'phone', subject: 'Stampante', description: '', priority: 'P3', blocking: false, openedAt: '2026-11-23T09:00:00.000Z' }),
      anna.command('intervention.start', { id: interventionId, ticketId, segmentId: newId(), mode: 'remote', activity: 'software_assistance', backupCheck: 'confirmed', startedAt: '2026-11-23T09:05:00.000Z' }),
      anna.command('intervention.stop', { interventionId, at: '2026-11-23T09:45:00.000Z' }),
    ]);
    const tier = async () => JSON.parse((await server.db.selectFrom('interventions').select('billing_json').where('id', '=', interventionId).executeTakeFirstOrThrow()).billing_json!).tier;
    expect(await tier()).toBe('billable');
    const refused = await importFile(
      'contratti',
      utf8(['codice_cliente;tipo;dal;al;note', 'IMP1;standard;01/01/2026;;', 'IMP1;standard;01/06/2026;31/12/2026;', 'NESSUNO;j-system;2026-01-01;;'].join('\n')),
    );
    expect(refused.problems.map(describeImportProblem)).toEqual([
      'riga 2, colonna dal: si sovrappone al contratto assistenza standard dal 1 giugno 2026 al 31 dicembre 2026 (riga 3)',
      'riga 3, colonna dal: si sovrappone al contratto assistenza standard dal 1 gennaio 2026, senza scadenza (riga 2)',
      'riga 4, colonna codice_cliente: nessun cliente con codice «NESSUNO»: importa prima i clienti',
    ]);
    expect(await tier()).toBe('billable');
    const applied = await importFile('contratti', utf8('codice_cliente;tipo;dal;al;note\r\nIMP1;standard;01/01/2026;;Contratto quadro\r\nIMP2;J-System;01/01/2026;31/12/2026;\r\n'));
    expect(applied).toMatchObject({ created: 2, written: true });
    expect(await tier()).toBe('standard');
    // A second file overlapping what is registered is refused.
    const overlapping = await importFile('contratti', utf8('codice_cliente;tipo;dal\nIMP1;standard;01/03/2026'));
    expect(overlapping.problems.map(describeImportProblem)).toEqual(['riga 2, colonna dal: si sovrappone al contratto assistenza standard dal 1 gennaio 2026, senza scadenza (già registrato)']);
    expect(await importFile('contratti', utf8('codice_cliente;tipo;dal;al;note\nIMP1;standard;01/01/2026;;Contratto quadro'))).toMatchObject({ unchanged: 1, created: 0 });
  });

  it('devices from XLSX: date cells, numbers and a serial that belongs to another customer', async () => {
    const header = ['codice_cliente', 'seriale', 'modello', 'data_acquisto', 'mesi_garanzia'].map((value) => ({ value }));
    const buffer = await writeXlsxFile([
      header,
      [{ value: 'IMP1' }, { value: 'srv-001' }, { value: 'Server T150' }, { value: new Date(Date.UTC(2025, 2, 15)), format: 'dd/mm/yyyy' }, { value: 36 }],
      [{ value: 'IMP2' }, { value: 'NAS-9' }, { value: 'NAS 4 dischi' }, { value: '01/02/2026' }, { value: 24 }],
    ]).toBuffer();
    const report = await importFile('dispositivi', new Uint8Array(buffer), { fileName: 'dispositivi.xlsx' });
    expect(report).toMatchObject({ created: 2, refused: 0, written: true });
    expect(await server.db.selectFrom('devices').select(['serial', 'purchase_date', 'warranty_months']).where('serial', '=', 'SRV-001').executeTakeFirstOrThrow()).toEqual({
      serial: 'SRV-001',
      purchase_date: '2025-03-15',
      warranty_months: 36,
    });
    const moved = await importFile('dispositivi', utf8('codice_cliente,seriale,modello,data_acquisto,mesi_garanzia\nIMP2,SRV-001,Server T150,15/03/2025,36\n'));
    expect(moved.problems.map(describeImportProblem)).toEqual(['riga 2, colonna seriale: il seriale è già registrato per il cliente IMP1: un team leader lo corregge dalla scheda cliente']);
  });

  it('hour balances: free hours and packages by reference, corrected by a later file', async () => {
    const file = (hours: string) => utf8(`codice_cliente;tipo;ore;acquistato_il;scade_il;riferimento\nIMP1;gratuite;${hours};;;APERTURA\nIMP1;pacchetto;10;10/01/2026;09/01/2027;PK-7\n`);
    expect(await importFile('monte-ore', file('4,5'))).toMatchObject({ created: 2, written: true });
    const packages = await server.db.selectFrom('hour_bank_packages').select(['minutes', 'purchased_on', 'expires_on', 'reference']).where('reference', '=', 'PK-7').execute();
    expect(packages).toEqual([{ minutes: 600, purchased_on: '2026-01-10', expires_on: '2027-01-10', reference: 'PK-7' }]);
    expect(await importFile('monte-ore', file('4,5'))).toMatchObject({ created: 0, unchanged: 2 });
    expect(await importFile('monte-ore', file('3'))).toMatchObject({ updated: 1, unchanged: 1 });
    const free = await server.db
      .selectFrom('hour_bank_ledger')
      .innerJoin('customers', 'customers.id', 'hour_bank_ledger.customer_id')
      .select(['entry_type', 'minutes'])
      .where('customers.code', '=', 'IMP1')
      .where('source', '=', 'free')
      .orderBy('hour_bank_ledger.created_at')
      .orderBy('hour_bank_ledger.id')
      .execute();
    expect(free).toEqual([
      { entry_type: 'grant', minutes: 270 },
      { entry_type: 'adjustment', minutes: -90 },
    ]);
  });

  it('50,000 customers: progress reaches the end, one transaction', async () => {
    const lines = ['codice;ragione_sociale;partita_iva;comune'];
    for (let index = 0; index < 50_000; index += 1) lines.push(`BULK${index};Cliente ${index} S.r.l.;${withVatCheckDigit(String(3_000_000_000 + index))};Verona`);
    const progress: ImportProgress[] = [];
    const report = await importFile('clienti', utf8(lines.join('\n')), { onProgress: (step) => progress.push(step) });
    expect(report).toMatchObject({ rows: 50_000, created: 50_000, refused: 0, written: true });
    const writing = progress.filter((step) => step.phase === 'writing');
    expect(writing.length).toBeGreaterThan(10);
    expect(writing.map((step) => step.done)).toEqual([...writing.map((step) => step.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 50_000, total: 50_000 });
    const counted = await server.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('count')).where('code', 'like', 'BULK%').executeTakeFirstOrThrow();
    expect(Number(counted.count)).toBe(50_000);
  }, 120_000);
});
