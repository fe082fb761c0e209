/** Why the embedded PostgreSQL could not start, in one line a person can act on. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`embedded PostgreSQL: ${message}`, options);
    this.name = 'EmbeddedPostgresError';
  }
}
