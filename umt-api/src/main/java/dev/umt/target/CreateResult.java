package dev.umt.target;

/**
 * What happened to one account of a create batch.
 *
 * @param email the email of the requested account
 * @param key the account's key when created or when it already existed; null when rejected
 * @param outcome created, already existing (the target answered with the existing account), or rejected
 * @param message why it was rejected; empty otherwise
 */
public record CreateResult(String email, String key, Outcome outcome, String message) {

  /** The fate of one requested account. */
  public enum Outcome {
    CREATED, ALREADY_EXISTS, REJECTED
  }

  public CreateResult {
    if (outcome != Outcome.REJECTED && (key == null || key.isBlank())) {
      throw new IllegalArgumentException("a " + outcome + " result for " + email + " needs a key");
    }
    message = message == null ? "" : message;
  }

  public static CreateResult created(String email, String key) {
    return new CreateResult(email, key, Outcome.CREATED, "");
  }

  public static CreateResult existing(String email, String key) {
    return new CreateResult(email, key, Outcome.ALREADY_EXISTS, "");
  }

  public static CreateResult rejected(String email, String message) {
    return new CreateResult(email, null, Outcome.REJECTED, message);
  }
}
