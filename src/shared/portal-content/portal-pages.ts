import { z } from 'zod';
import { safeText } from '../input-text.ts';

/** The portal's pages a lead writes: the FAQ (readable without signing in) and the service schema. */
export const portalPageSlugs = ['faq', 'schema'] as const;
export type PortalPageSlug = (typeof portalPageSlugs)[number];
export const portalPageLabels = { faq: 'Domande frequenti', schema: 'Cosa è incluso' } as const satisfies Record<PortalPageSlug, string>;

export const portalPageSchema = z.object({ slug: z.enum(portalPageSlugs), title: z.string(), body: z.string(), updatedAt: z.string().nullable() });
export type PortalPage = z.infer<typeof portalPageSchema>;
export const portalPageMaxLength = 20_000;
export const setPortalPageRequestSchema = z
  .object({ slug: z.enum(portalPageSlugs), title: safeText(120).refine((value) => value.trim().length > 0, 'Indica il titolo della pagina'), body: safeText(portalPageMaxLength) })
  .strict();

/** The desk's settings a lead changes with the pages: how long after closing a customer's message reopens a request. */
export const deskSettingsSchema = z.object({ reopenWithinDays: z.int().min(0).max(365) });
export type DeskSettings = z.infer<typeof deskSettingsSchema>;
export const portalContentSchema = z.object({ pages: z.array(portalPageSchema), settings: deskSettingsSchema });
export const setDeskSettingsRequestSchema = deskSettingsSchema.strict();

/** What the pages say until a lead writes their own: the support model the customers were sent. */
export const defaultPortalPages: Record<PortalPageSlug, { title: string; body: string }> = {
  faq: {
    title: 'Domande frequenti',
    body: `# Domande frequenti sul modello di assistenza

## Che cosa cambia?
Per garantire un servizio di qualità e tempi di risposta adeguati distinguiamo tra **supporto tecnico incluso** e **interventi a valore aggiunto**. Il supporto e l’assistenza di base sui nostri servizi restano sempre inclusi nel canone che già paga.

## Che cosa resta sempre incluso?
- le segnalazioni di malfunzionamento imputabili alla nostra infrastruttura o alla configurazione iniziale;
- i controlli diagnostici e le verifiche sui sistemi gestiti;
- il ripristino del servizio in caso di guasti o errori riconducibili a noi.

## Che cosa è a valore aggiunto?
- modifiche o aggiornamenti di configurazione richiesti dal cliente;
- assistenza su problemi causati da apparati, reti o software del cliente;
- supporto consulenziale o richieste personalizzate (analisi, test, integrazioni, formazione);
- attività ripetute o ricorrenti non previste nel contratto di base.

## Quanto costa un intervento a valore aggiunto?
80,00 euro all’ora più IVA, con un addebito minimo di un’ora e frazioni successive di 30 minuti. Le ore gratuite assegnate al suo account si usano per prime, poi i pacchetti di ore prepagate; solo dopo l’intervento è fatturato a consuntivo.

## Che cos’è il monte ore gratuito?
Per agevolare il passaggio, a ogni cliente è stato assegnato un monte ore gratuito di supporto avanzato: le prime richieste a valore aggiunto si scalano da lì, senza addebito. Quando le ore stanno per finire la avvisiamo per e-mail.

## Che cosa succede quando le ore finiscono?
Può scegliere nell’area riservata tra gli **interventi a consuntivo**, fatturati in base al tempo effettivo, e i **pacchetti di ore prepagate**, a una tariffa agevolata commisurata ai consumi medi del suo account. Può ordinare un pacchetto dal portale o parlarne con il suo account di riferimento.

## So in anticipo se una richiesta sarà a pagamento?
Non sempre. Se la richiesta riguarda cambi di configurazione o modifiche che vanno oltre il corretto funzionamento del servizio, sarà a valore aggiunto. I nostri tecnici verificano comunque ogni segnalazione con la massima rapidità: se la causa risulta non imputabile a noi (apparati o software del cliente, componenti non a nostro carico), il ticket è chiuso come «causa cliente» e gestito a consuntivo.

## Dove vedo le mie richieste e le ore?
Nel portale: lo stato di ogni richiesta, le nostre risposte, la classificazione di ogni intervento (incluso o a pagamento), il tempo lavorato e quello fatturato, le ore residue in tempo reale e i rendiconti mensili.

## Come chiedo assistenza?
Dal software J2K, dal modulo «Nuova richiesta» del portale, per e-mail, per telefono, lasciando un messaggio in segreteria o con WhatsApp (possibilmente non vocale). Nel fine settimana è attivo il numero dedicato. Un tecnico la richiamerà in base alla priorità.

## Che cosa devo fare prima di chiedere assistenza?
Una copia di sicurezza di programmi e archivi, per mantenere inalterati i suoi dati a fronte di qualsiasi imprevisto.

## Quando è attiva l’assistenza?
Dal lunedì al venerdì dalle 9:00 alle 13:00 e dalle 14:30 alle 18:30; il sabato tutto il giorno e la domenica mattina per le urgenze che bloccano il lavoro. Nei giorni festivi l’assistenza è sospesa; il 25 aprile, il 1º maggio, il 2 giugno, il 1º novembre e l’8 dicembre è attiva dalle 9:00 alle 13:00.`,
  },
  schema: {
    title: 'Cosa è incluso',
    body: `# Schema delle modalità di assistenza
Distinzione tra supporto tecnico incluso e interventi a valore aggiunto.

## Supporto di base incluso
**Gratuito**: l’assistenza di base per il corretto funzionamento dei servizi resta sempre inclusa.
- guasti o disservizi legati al servizio acquistato
- problemi imputabili alla nostra rete o a nostre azioni
- informazioni sul servizio
- interventi presso di lei se legati a guasti imputabili a noi
- con l’assistenza estesa J-System: fino a 60 minuti inclusi per intervento
- con la garanzia hardware: riparazione o sostituzione per 12 mesi (fino a 36 con l’estensione)

## Supporto personalizzato a valore aggiunto
**Pacchetto di ore o consuntivo**: gli interventi su configurazioni personalizzate o su problemi non imputabili ai nostri sistemi sono a consumo, scalati dalle ore gratuite, poi dai pacchetti prepagati, poi fatturati a consuntivo (80,00 euro all’ora più IVA, minimo un’ora, poi frazioni di 30 minuti).
- richieste di configurazioni personalizzate
- cambi di configurazione
- attivazione di nuove funzionalità
- guasti non imputabili ai nostri sistemi
- interventi presso di lei per attività extra
- ricambi e trasporto dell’hardware, anche in garanzia`,
  },
};
