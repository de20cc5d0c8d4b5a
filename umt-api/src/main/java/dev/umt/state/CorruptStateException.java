package dev.umt.state;

import dev.umt.ConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * A state file that cannot be read; never silently reset. The message names the file and the place
 * in it.
 */
public final class CorruptStateException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  public CorruptStateException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
