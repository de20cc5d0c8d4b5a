package dev.umt.rule;

import dev.umt.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * The account a user should have, as a rule maps it.
 *
 * @param email the sign-in email
 * @param firstName first name
 * @param lastName last name
 * @param group the target group, or null for the target's default
 * @param licensed whether the account should hold the license
 */
public record DesiredAccount(
    String email, String firstName, String lastName, @Nullable GroupRef group, boolean licensed) {
  public DesiredAccount {
    Checks.notBlank(email, "desired email");
    Checks.notBlank(firstName, "desired first name of " + email);
    Checks.notBlank(lastName, "desired last name of " + email);
  }
}
