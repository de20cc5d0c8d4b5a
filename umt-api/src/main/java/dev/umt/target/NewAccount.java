package dev.umt.target;

import dev.umt.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * An account to create.
 *
 * @param email the sign-in email
 * @param firstName first name
 * @param lastName last name
 * @param groupKey the group to put it in, or null for the target's default
 * @param licensed whether to grant the product license
 * @param invite whether the target sends its invitation email
 */
public record NewAccount(
    String email,
    String firstName,
    String lastName,
    @Nullable String groupKey,
    boolean licensed,
    boolean invite) {
  public NewAccount {
    Checks.notBlank(email, "email of new account");
    Checks.notBlank(firstName, "first name of new account " + email);
    Checks.notBlank(lastName, "last name of new account " + email);
    groupKey = Checks.blankToNull(groupKey);
  }
}
