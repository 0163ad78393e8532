import { describe, expect, it } from 'vitest';
import { automatedMailReason, outboxIdsReferenced, requestNumbersInSubject, splitQuotedReply, type InboundHeaders } from './inbound-rules.ts';

const person: InboundHeaders = { from: 'mario@rossi.test', subject: 'Re: [M-1] Stampante', autoSubmitted: null, precedence: null, autoResponseSuppress: null, returnPath: '<mario@rossi.test>', contentType: 'text/plain', listId: null };

describe('inbound mail rules', () => {
  it('tells a person from a machine: auto-replies, bulk, bounces, our own address', () => {
    expect(automatedMailReason(person, ['assistenza@presidio.test'])).toBeNull();
    expect(automatedMailReason({ ...person, autoSubmitted: 'no' }, [])).toBeNull();
    expect(automatedMailReason({ ...person, autoSubmitted: 'auto-replied' }, [])).toBe('Risposta automatica (Auto-Submitted: auto-replied)');
    expect(automatedMailReason({ ...person, precedence: 'bulk' }, [])).toBe('Posta di massa (Precedence: bulk)');
    expect(automatedMailReason({ ...person, autoResponseSuppress: 'All' }, [])).toBe('Risposta automatica (fuori ufficio)');
    expect(automatedMailReason({ ...person, returnPath: '<>' }, [])).toBe('Notifica di mancato recapito');
    expect(automatedMailReason({ ...person, contentType: 'multipart/report; report-type=delivery-status' }, [])).toBe('Notifica di mancato recapito');
    expect(automatedMailReason({ ...person, from: 'MAILER-DAEMON@mx.test' }, [])).toBe('Mittente automatico');
    expect(automatedMailReason({ ...person, from: 'Assistenza@Presidio.test' }, ['assistenza@presidio.test'])).toBe('Inviato dalla stessa casella dell’assistenza');
    expect(automatedMailReason({ ...person, listId: '<clienti.lists.test>' }, [])).toBe('Lista di distribuzione');
  });

  it('finds the request a subject names, in brackets or after «Richiesta»', () => {
    expect(requestNumbersInSubject('Re: [W-261203-ABC123] La stampante')).toEqual(['W-261203-ABC123']);
    expect(requestNumbersInSubject('R: Richiesta MAIL-1 chiusa: riepilogo dell’assistenza')).toEqual(['MAIL-1']);
    expect(requestNumbersInSubject('Ciao, una domanda')).toEqual([]);
    expect(outboxIdsReferenced(['<0193a1c0-ca1e-7da7-8000-00000000abcd@presidio.outbox>', '<altro@mail.test>'])).toEqual(['0193a1c0-ca1e-7da7-8000-00000000abcd']);
  });

  it('keeps the customer’s words apart from the quoted history, and keeps both', () => {
    expect(splitQuotedReply('Funziona, grazie!\n\nIl giorno lun 23 nov 2026 alle 17:00 Assistenza <a@b.it> ha scritto:\n> Abbiamo ordinato il toner')).toEqual({
      body: 'Funziona, grazie!',
      quoted: 'Il giorno lun 23 nov 2026 alle 17:00 Assistenza <a@b.it> ha scritto:\n> Abbiamo ordinato il toner',
    });
    expect(splitQuotedReply('Yes\r\nOn Mon, Nov 23, 2026 at 5 PM Desk wrote:\r\n> old')).toEqual({ body: 'Yes', quoted: 'On Mon, Nov 23, 2026 at 5 PM Desk wrote:\n> old' });
    expect(splitQuotedReply('Ok\n\n-----Messaggio originale-----\nDa: Assistenza')).toEqual({ body: 'Ok', quoted: '-----Messaggio originale-----\nDa: Assistenza' });
    expect(splitQuotedReply('Sopra\n> citato\n> ancora\n')).toEqual({ body: 'Sopra', quoted: '> citato\n> ancora' });
    expect(splitQuotedReply('Solo testo\nsu due righe')).toEqual({ body: 'Solo testo\nsu due righe', quoted: null });
    expect(splitQuotedReply('> tutto citato')).toEqual({ body: '> tutto citato', quoted: null });
  });
});
