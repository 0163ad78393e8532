/**
 * A rule refusing impossible input (a 30 February, negative minutes), with an Italian message a
 * technician may read. Its own class so the transports can tell it from an engine's RangeError
 * (a stack overflow, an invalid array length), whose text must never reach a client.
 */
export class DomainRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DomainRangeError';
  }
}
