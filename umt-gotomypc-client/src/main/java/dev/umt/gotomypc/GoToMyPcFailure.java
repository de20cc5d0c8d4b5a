package dev.umt.gotomypc;

/**
 * Implemented by every exception the GoToMyPC client throws, so a caller can read the status, the
 * parsed error body and the user concerned whatever the exception's kind.
 *
 * <pre>{@code
 * try {
 *   company.deleteUser(key);
 * } catch (GoToMyPcNotFoundException e) {
 *   log.info("already gone: {}", e.details().subject());
 * }
 * }</pre>
 */
public interface GoToMyPcFailure {

  /** The status, request, error body and subject of the failed request. */
  ErrorDetails details();
}
