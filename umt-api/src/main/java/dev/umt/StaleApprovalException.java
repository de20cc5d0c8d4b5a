package dev.umt;

/**
 * An approval named a held plan that no longer matches the directory or the target: planning again
 * now gives a different plan, so the approved one is not applied. Run again and approve the new
 * plan's id.
 */
public final class StaleApprovalException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  public StaleApprovalException(String message) {
    super(message);
  }
}
