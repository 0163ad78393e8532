import { withVatCheckDigit } from '../import/italian-identifiers.ts';
import { newId } from '../ids.ts';
import { channels, priorities, type Channel, type Priority, type TicketStatus } from '../model/enums.ts';
import type { Role } from '../sync/entities.ts';

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

const demoAdmin = { name: 'Elena Conti', email: 'elena.conti@presidio.example' };

const day = (date: Date): string => date.toISOString().slice(0, 10);

export type DemoDataOptions = { now?: Date; tickets?: number; seed?: number };

export type DemoData = ReturnType<typeof generateDemoData>;

/**
 * Realistic Italian demo data, deterministic for a seed and a date: the console's seed and the
 * central API's `--demo` load the same records.
 */
export const generateDemoData = (options: DemoDataOptions = {}) => {
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ?? 2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

  const users = technicians.map((tech, index) => ({
    id: newId(),
    displayName: tech.name,
    email: tech.email,
    role: (index === 0 ? 'team_lead' : 'technician') satisfies Role as Role,
  }));

  const customers = businesses.map((name, index) => ({
    id: newId(),
    code: `C${String(1001 + index)}`,
    name,
    // Valid Italian VAT numbers (check digit right): the demo loads through the import, which checks them.
    vatNumber: withVatCheckDigit(String(1_000_000_000 + Math.floor(random() * 8_999_999_999)).padStart(10, '0')),
    email: `info@${name.toLowerCase().replace(/[^a-z]+/g, '').slice(0, 18)}.it`,
    phone: `0${Math.floor(2 + random() * 8)}${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`,
    city: pick(cities),
    freeMinutes: index % 3 === 0 ? 600 : index % 3 === 1 ? 120 : 0,
  }));

  const packages = customers
    .filter((_, index) => index % 4 === 1)
    .map((customer, index) => ({
      id: newId(),
      customerId: customer.id,
      minutes: 600,
      rateCents: 7000,
      purchasedOn: day(daysAgo(120 + index)),
      expiresOn: index % 2 === 0 ? day(daysAgo(-245)) : null,
    }));

  const contracts = customers.flatMap((customer, index) => {
    const list: Array<{ id: string; customerId: string; kind: 'standard' | 'extended'; validFrom: string; validTo: string | null }> = [];
    if (index % 5 !== 4) {
      list.push({ id: newId(), customerId: customer.id, kind: 'standard', validFrom: day(daysAgo(400 + index * 7)), validTo: day(daysAgo(-300 + index)) });
    }
    if (index % 2 === 0) {
      list.push({ id: newId(), customerId: customer.id, kind: 'extended', validFrom: day(daysAgo(200 + index)), validTo: index % 8 === 0 ? day(daysAgo(10)) : null });
    }
    return list;
  });

  const devices = customers.flatMap((customer, index) =>
    Array.from({ length: 1 + (index % 3) }, (_, n) => ({
      id: newId(),
      customerId: customer.id,
      model: pick(deviceModels),
      serial: `SN${String(240_000 + index * 10 + n)}`,
      purchaseDate: day(daysAgo(30 + Math.floor(random() * 900))),
      warrantyMonths: index % 4 === 0 ? 36 : index % 4 === 1 ? 24 : 12,
    })),
  );

  const ticketCount = options.tickets ?? 200;
  const year = now.getUTCFullYear();
  const tickets = Array.from({ length: ticketCount }, (_, index) => {
    const template = subjects[index % subjects.length] ?? subjects[0]!;
    const openedAt = new Date(now.getTime() - Math.floor(random() * 30 * 86_400_000));
    const ageRank = random();
    const status: TicketStatus = ageRank < 0.35 ? 'closed' : ageRank < 0.6 ? 'in_progress' : ageRank < 0.7 ? 'waiting' : 'open';
    const closedAt = status === 'closed' ? new Date(Math.min(now.getTime(), openedAt.getTime() + 3 * 3_600_000)) : null;
    const assigneeId = status === 'open' && random() < 0.6 ? null : pick(users).id;
    return {
      id: newId(),
      number: `T-${year}-${String(index + 1).padStart(5, '0')}`,
      customerId: pick(customers).id,
      channel: pick(channels) satisfies Channel as Channel,
      subject: template.subject,
      description: template.description,
      priority: pick(priorities) satisfies Priority as Priority,
      status,
      blocking: random() < 0.2,
      cause: status === 'closed' ? (random() < 0.25 ? ('customer' as const) : ('vendor' as const)) : null,
      resolution: status === 'closed' ? 'Problema risolto e verificato con il cliente.' : null,
      assigneeId,
      openedAt: openedAt.toISOString(),
      updatedAt: (closedAt ?? openedAt).toISOString(),
      closedAt: closedAt?.toISOString() ?? null,
      activity: activitiesByIndex[index % activitiesByIndex.length] ?? 'software_assistance',
    };
  });

  const interventions: Array<{
    id: string;
    ticketId: string;
    technicianId: string;
    mode: 'phone' | 'remote' | 'on_site';
    activity: string;
    status: 'paused' | 'stopped';
    startedAt: string;
    stoppedAt: string | null;
    segment: { id: string; startedAt: string; endedAt: string };
  }> = [];
  for (const ticket of tickets) {
    if (ticket.status !== 'closed' && ticket.status !== 'in_progress') continue;
    const start = new Date(Date.parse(ticket.openedAt) + 20 * 60_000);
    const end = new Date(start.getTime() + (10 + Math.floor(random() * 100)) * 60_000);
    const stopped = ticket.status === 'closed';
    interventions.push({
      id: newId(),
      ticketId: ticket.id,
      technicianId: ticket.assigneeId ?? users[1]!.id,
      mode: pick(['phone', 'remote', 'on_site'] as const),
      activity: ticket.activity,
      status: stopped ? 'stopped' : 'paused',
      startedAt: start.toISOString(),
      stoppedAt: stopped ? end.toISOString() : null,
      segment: { id: newId(), startedAt: start.toISOString(), endedAt: end.toISOString() },
    });
  }

  // The desk's administrator (accounts, the import, the policy) does no ticket work.
  const admin = { id: newId(), displayName: demoAdmin.name, email: demoAdmin.email, role: 'admin' satisfies Role as Role };
  return { users: [...users, admin], customers, packages, contracts, devices, tickets, interventions };
};
