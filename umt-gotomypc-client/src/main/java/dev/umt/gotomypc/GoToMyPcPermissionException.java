package dev.umt.gotomypc;

import dev.umt.ConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 403: the manager the tokens belong to lacks the role for this company or call; give the role
 * or use another manager. A {@link dev.umt.ConfigurationException} because retrying will fail the
 * same way.
 */
public final class GoToMyPcPermissionException extends ConfigurationException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcPermissionException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC refused permission"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
