package dev.umt.gotomypc;

import dev.umt.AuthenticationException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 401 after one refresh, or the token endpoint refused the client credentials, the code or the
 * refresh token: run the OAuth set-up again or fix the client id and secret.
 */
public final class GoToMyPcAuthenticationException extends AuthenticationException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcAuthenticationException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC authentication failed"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
