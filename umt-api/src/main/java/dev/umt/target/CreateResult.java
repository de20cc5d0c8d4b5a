package dev.umt.target;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one account of a create batch.
 *
 * @param email the email of the requested account
 * @param key the account's key when created or when it already existed; null when rejected
 * @param outcome created, created in part, already existing (the target answered with the existing
 *     account), or rejected
 * @param message why it was rejected or what of it is missing; empty otherwise
 * @param missing for {@link Outcome#PARTIAL}: the requested values the account does not have (such
 *     as its group, or the license); {@link AccountPatch#NONE} otherwise
 */
public record CreateResult(
    String email, @Nullable String key, Outcome outcome, String message, AccountPatch missing) {

  /** The fate of one requested account. */
  public enum Outcome {
    /** Created with every requested value. */
    CREATED,
    /**
     * Created, but some requested values could not be set: see {@link #missing()} and {@link
     * #message()}.
     */
    PARTIAL,
    /**
     * An account with this email existed already; it was not changed, so it may differ from the
     * request.
     */
    ALREADY_EXISTS,
    /** Not created. */
    REJECTED
  }

  public CreateResult {
    if (outcome != Outcome.REJECTED && (key == null || key.isBlank())) {
      throw new IllegalArgumentException("a " + outcome + " result for " + email + " needs a key");
    }
    message = message == null ? "" : message;
    missing = missing == null ? AccountPatch.NONE : missing;
    if (outcome == Outcome.PARTIAL && missing.isEmpty()) {
      throw new IllegalArgumentException(
          "a PARTIAL result for " + email + " must say what is missing");
    }
  }

  /** A result with nothing missing. */
  public CreateResult(String email, String key, Outcome outcome, String message) {
    this(email, key, outcome, message, AccountPatch.NONE);
  }

  /**
   * An account created without the values in {@code missing}, for the reason in {@code message}.
   */
  public static CreateResult partial(
      String email, String key, AccountPatch missing, String message) {
    return new CreateResult(email, key, Outcome.PARTIAL, message, missing);
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
