// Domain errors: routes turn them into 403/404/400 responses or field errors.
export class NotFoundError extends Error {
  constructor(what = 'Not found') {
    super(what)
  }
}

export class PermissionError extends Error {}

/** Input that passed the schema but breaks a rule that needs the database (e.g. a taken handle). */
export class FieldError extends Error {
  constructor(
    readonly fieldErrors: Record<string, string[]>,
    message = 'Please correct the highlighted fields.',
  ) {
    super(message)
  }
}
