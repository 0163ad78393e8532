/** What a person may write in a ticket's description, on every surface (console, portal, J2K). */
export const ticketDescriptionMaxLength = 5000;

/**
 * Room for the line an intake adds below the customer's own words («— Richiesta dal portale di
 * …»): the stored description may be that much longer, so the signature never eats into the
 * customer's 5,000 characters (contact name ≤ 120, e-mail ≤ 254, words ≤ 60).
 */
export const intakeSignatureMaxLength = 450;
