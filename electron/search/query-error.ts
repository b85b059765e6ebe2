/** Where and why a query could not be understood; `position` is a 0-based index into the input. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}
