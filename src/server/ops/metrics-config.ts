/**
 * `PRESIDIO_METRICS_TOKEN`: lets a Prometheus elsewhere scrape `/metrics` with it as a bearer token.
 * A short token is refused at start (it would be guessed); unset, only this machine scrapes.
 */
export const readMetricsToken = (value: string | undefined): string | null => {
  if (value === undefined || value === '') return null;
  if (value.length < 32 || !/^[\x21-\x7e]+$/.test(value)) throw new Error('PRESIDIO_METRICS_TOKEN deve avere almeno 32 caratteri stampabili, senza spazi.');
  return value;
};
