/**
 * «Cosa fare prima di richiedere assistenza» (the customer-service guidelines): said to the
 * customer wherever a request is made or acknowledged (the portal's form and its confirmation,
 * the J2K acknowledgement), in the same words.
 */
export const backupReminder =
  'Prima di ogni intervento tecnico faccia una copia di sicurezza di programmi e archivi: così i suoi dati restano al sicuro, qualunque imprevisto accada.';
