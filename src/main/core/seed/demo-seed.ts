import type { Kysely } from 'kysely';
import { newId } from '../../../shared/ids.ts';
import type { LocalDatabase } from '../db/schema.ts';
import { channels, priorities } from '../../../shared/model/enums.ts';

/** Small deterministic PRNG so the demo data is the same on every machine. */
const mulberry32 = (seed: number) => () => {
  let t = (seed += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const businesses = [
  'Ferramenta Rossi S.n.c.', 'Farmacia San Marco', 'Bar Centrale di Bianchi Luca', 'Ottica Vismara',
  'Panificio Esposito', 'Calzature Ferri S.r.l.', 'Tabaccheria Greco', 'Profumeria Colombo',
  'Macelleria Ricci', 'Libreria Mondadori Gallo', 'Abbigliamento Marino S.r.l.', 'Gelateria Bruno',
  'Edicola Conti', 'Enoteca De Luca', 'Pizzeria Da Mancini', 'Elettrodomestici Costa S.p.A.',
  'Gioielleria Giordano', 'Supermercato Rizzo', 'Cartoleria Lombardi', 'Erboristeria Moretti',
  'Fioreria Barbieri', 'Pescheria Fontana', 'Articoli Sportivi Santoro', 'Merceria Mariani',
  'Casalinghi Rinaldi', 'Autoricambi Caruso S.r.l.', 'Bottega del Gusto Ferrara', 'Ristorante Galli',
  'Parafarmacia Martini', 'Giocattoli Leone', 'Pasticceria Longo', 'Drogheria Gentile',
  'Ortofrutta Martinelli', 'Vini e Oli Vitale', 'Ferramenta Lombardo & C.', 'Ottica Serra',
  'Boutique Coppola', 'Market De Santis', 'Tessuti Marchetti', 'Tipografia Parisi',
];
const cities = ['Milano', 'Torino', 'Bergamo', 'Brescia', 'Verona', 'Padova', 'Bologna', 'Firenze', 'Roma', 'Napoli', 'Bari', 'Genova'];

const subjects: Array<{ subject: string; description: string }> = [
  { subject: 'La stampante fiscale non emette lo scontrino', description: 'Dalla mattina la stampante fiscale restituisce errore di comunicazione alla chiusura della vendita.' },
  { subject: "Errore all'avvio di J2K dopo l'aggiornamento", description: "Dopo l'aggiornamento notturno il programma si chiude con un messaggio di errore sul database." },
  { subject: 'Lettore barcode non legge i codici', description: 'Il lettore è collegato e si accende ma in cassa i codici non vengono letti.' },
  { subject: 'Chiusura giornaliera non quadra', description: 'Il totale della chiusura di cassa non corrisponde agli incassi registrati.' },
  { subject: 'Configurazione nuova postazione cassa', description: 'Il cliente ha acquistato una seconda postazione e chiede la configurazione del client.' },
  { subject: 'Etichette articoli stampate male', description: "Le etichette escono tagliate a metà sull'etichettatrice del magazzino." },
  { subject: 'Server lento durante le vendite', description: 'Ogni operazione in cassa richiede diversi secondi; il problema è iniziato ieri.' },
  { subject: 'Richiesta personalizzazione mandato di vendita', description: 'Il cliente vuole aggiungere il logo e le condizioni di reso al mandato di vendita.' },
  { subject: 'Posta elettronica non invia i messaggi', description: "Il client e-mail dell'ufficio non invia i messaggi da due giorni." },
  { subject: 'Sospetto virus sul PC del magazzino', description: 'Compaiono finestre pubblicitarie e il PC è molto lento.' },
  { subject: 'Archivio clienti danneggiato', description: "Dopo un'interruzione di corrente l'archivio clienti risulta illeggibile." },
  { subject: 'Cassetto rendiresto non si apre', description: 'Il cassetto non si apre alla fine della vendita, solo manualmente con la chiave.' },
  { subject: 'Richiesta formazione nuovo dipendente', description: "Il cliente chiede un'ora di formazione sull'uso del gestionale per un nuovo commesso." },
  { subject: 'Reinstallazione software su nuovo server', description: 'Il vecchio server è stato sostituito: serve reinstallare il software e migrare i dati.' },
  { subject: 'Rete locale: le casse non vedono il server', description: 'Le postazioni cassa non raggiungono il server dopo la sostituzione del router.' },
  { subject: 'Monitor touch non risponde', description: 'Il monitor touch della cassa 1 non risponde al tocco nella parte destra.' },
];
const activitiesByIndex = [
  'peripheral_in_software', 'software_assistance', 'system_checks', 'software_assistance', 'first_installation',
  'sales_mandate_label', 'system_checks', 'sales_mandate_label', 'email_client', 'virus_removal', 'data_recovery',
  'hardware_repair', 'consultancy', 'software_reinstall', 'system_checks', 'hardware_repair',
];
const deviceModels = ['Cassa touch TX-150', 'Stampante fiscale RT-80', 'Server tower SV-20', 'Lettore barcode BS-9', 'Etichettatrice LB-4', 'PC ufficio OF-7'];
const technicians = [
  { name: 'Giulia Ferrari', email: 'giulia.ferrari@presidio.example' },
  { name: 'Marco Esposito', email: 'marco.esposito@presidio.example' },
  { name: 'Sara Romano', email: 'sara.romano@presidio.example' },
  { name: 'Luca Colombo', email: 'luca.colombo@presidio.example' },
];

const day = (date: Date): string => date.toISOString().slice(0, 10);

export type DemoSeedOptions = { now?: Date; tickets?: number; seed?: number };

/** Fills an empty local database with realistic Italian demo data. Deterministic for a given seed and date. */
export const seedDemoData = async (db: Kysely<LocalDatabase>, options: DemoSeedOptions = {}) => {
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ?? 2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nowIso = now.toISOString();
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

  const users = technicians.map((tech, index) => ({
    id: newId(),
    display_name: tech.name,
    email: tech.email,
    role: index === 0 ? ('team_lead' as const) : ('technician' as const),
  }));

  const customers = businesses.map((name, index) => ({
    id: newId(),
    code: `C${String(1001 + index)}`,
    name,
    vat_number: String(10_000_000_000 + Math.floor(random() * 89_999_999_999)).padStart(11, '0'),
    email: `info@${name.toLowerCase().replace(/[^a-z]+/g, '').slice(0, 18)}.it`,
    phone: `0${Math.floor(2 + random() * 8)}${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`,
    city: pick(cities),
    free_minutes: index % 3 === 0 ? 600 : index % 3 === 1 ? 120 : 0,
    created_at: nowIso,
    updated_at: nowIso,
  }));

  const contracts = customers.flatMap((customer, index) => {
    const list = [];
    if (index % 5 !== 4) {
      list.push({
        id: newId(), customer_id: customer.id, kind: 'standard' as const,
        valid_from: day(daysAgo(400 + index * 7)), valid_to: day(daysAgo(-300 + index)),
        created_at: nowIso, updated_at: nowIso,
      });
    }
    if (index % 2 === 0) {
      list.push({
        id: newId(), customer_id: customer.id, kind: 'extended' as const,
        valid_from: day(daysAgo(200 + index)), valid_to: index % 8 === 0 ? day(daysAgo(10)) : null,
        created_at: nowIso, updated_at: nowIso,
      });
    }
    return list;
  });

  const devices = customers.flatMap((customer, index) =>
    Array.from({ length: 1 + (index % 3) }, (_, n) => ({
      id: newId(),
      customer_id: customer.id,
      model: pick(deviceModels),
      serial: `SN${String(240_000 + index * 10 + n)}`,
      purchase_date: day(daysAgo(30 + Math.floor(random() * 900))),
      warranty_months: index % 4 === 0 ? 36 : index % 4 === 1 ? 24 : 12,
      created_at: nowIso,
      updated_at: nowIso,
    })),
  );

  const ticketCount = options.tickets ?? 200;
  const year = now.getUTCFullYear();
  const tickets = Array.from({ length: ticketCount }, (_, index) => {
    const template = subjects[index % subjects.length] ?? subjects[0]!;
    const openedAt = new Date(now.getTime() - Math.floor(random() * 30 * 86_400_000));
    const ageRank = random();
    const status = ageRank < 0.35 ? 'closed' : ageRank < 0.6 ? 'in_progress' : ageRank < 0.7 ? 'waiting' : 'open';
    const closedAt = status === 'closed' ? new Date(Math.min(now.getTime(), openedAt.getTime() + 3 * 3_600_000)) : null;
    const assignee = status === 'open' && random() < 0.6 ? null : pick(users).id;
    return {
      id: newId(),
      number: `T-${year}-${String(index + 1).padStart(5, '0')}`,
      customer_id: pick(customers).id,
      channel: pick(channels),
      subject: template.subject,
      description: template.description,
      priority: pick(priorities),
      status: status as 'open' | 'in_progress' | 'waiting' | 'closed',
      blocking: random() < 0.2 ? 1 : 0,
      cause: status === 'closed' ? (random() < 0.25 ? ('customer' as const) : ('vendor' as const)) : null,
      resolution: status === 'closed' ? 'Problema risolto e verificato con il cliente.' : null,
      assignee_id: assignee,
      opened_at: openedAt.toISOString(),
      updated_at: (closedAt ?? openedAt).toISOString(),
      closed_at: closedAt?.toISOString() ?? null,
      activity: activitiesByIndex[index % activitiesByIndex.length] ?? 'software_assistance',
    };
  });

  const interventions: LocalDatabase['interventions'][] = [];
  const segments: LocalDatabase['timer_segments'][] = [];
  for (const ticket of tickets) {
    if (ticket.status !== 'closed' && ticket.status !== 'in_progress') continue;
    const technicianId = ticket.assignee_id ?? users[1]!.id;
    const start = new Date(Date.parse(ticket.opened_at) + 20 * 60_000);
    const workedMinutes = 10 + Math.floor(random() * 100);
    const end = new Date(start.getTime() + workedMinutes * 60_000);
    const interventionId = newId();
    const stopped = ticket.status === 'closed';
    interventions.push({
      id: interventionId,
      ticket_id: ticket.id,
      technician_id: technicianId,
      mode: pick(['phone', 'remote', 'on_site'] as const),
      activity: ticket.activity,
      backup_check: 'confirmed',
      status: stopped ? 'stopped' : 'paused',
      classification_tier: null,
      classification_json: null,
      notes: '',
      started_at: start.toISOString(),
      stopped_at: stopped ? end.toISOString() : null,
      created_at: start.toISOString(),
      updated_at: end.toISOString(),
    });
    segments.push({
      id: newId(),
      intervention_id: interventionId,
      started_at: start.toISOString(),
      ended_at: end.toISOString(),
      heartbeat_at: end.toISOString(),
      needs_confirmation: 0,
    });
  }

  await db.transaction().execute(async (trx) => {
    const chunked = async <T extends object>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
    };
    await trx.insertInto('users').values(users).execute();
    await chunked(customers, (chunk) => trx.insertInto('customers').values(chunk).execute());
    await chunked(contracts, (chunk) => trx.insertInto('contracts').values(chunk).execute());
    await chunked(devices, (chunk) => trx.insertInto('devices').values(chunk).execute());
    await chunked(
      tickets.map(({ activity: _activity, ...ticket }) => ticket),
      (chunk) => trx.insertInto('tickets').values(chunk).execute(),
    );
    await chunked(interventions, (chunk) => trx.insertInto('interventions').values(chunk).execute());
    await chunked(segments, (chunk) => trx.insertInto('timer_segments').values(chunk).execute());
  });

  return {
    users: users.length,
    customers: customers.length,
    contracts: contracts.length,
    devices: devices.length,
    tickets: tickets.length,
    interventions: interventions.length,
  };
};
