package dev.umt.cli.internal;

import dev.umt.cli.Umt;

/** A mistake of the user's or a refusal the CLI reports in one line, with its exit code. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  UserError(String message) {
    this(message, Umt.BAD_INPUT);
  }

  UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
