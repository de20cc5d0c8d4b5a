package dev.umt;

import org.jspecify.annotations.Nullable;

/**
 * Something is configured wrong, or stored data is unusable: fix it and run again; retrying as is
 * will fail the same way.
 */
public class ConfigurationException extends UmtException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
