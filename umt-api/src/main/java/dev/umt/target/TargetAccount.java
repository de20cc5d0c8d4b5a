package dev.umt.target;

import dev.umt.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An account in the target service.
 *
 * @param key the target's key for the account
 * @param email the sign-in email
 * @param firstName first name, or null
 * @param lastName last name, or null
 * @param groupKey the key of the group the account belongs to, or null
 * @param status active or suspended
 * @param licensed whether the account holds the product license
 */
public record TargetAccount(
    String key,
    String email,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable String groupKey,
    AccountStatus status,
    boolean licensed) {
  public TargetAccount {
    Checks.notBlank(key, "account key");
    Checks.notBlank(email, "email of account " + key);
    firstName = Checks.blankToNull(firstName);
    lastName = Checks.blankToNull(lastName);
    groupKey = Checks.blankToNull(groupKey);
    Objects.requireNonNull(status, "status of account " + key);
  }

  /** This account with {@code patch} applied. */
  public TargetAccount apply(AccountPatch patch) {
    return new TargetAccount(
        key,
        patch.email() != null ? patch.email() : email,
        patch.firstName() != null ? patch.firstName() : firstName,
        patch.lastName() != null ? patch.lastName() : lastName,
        patch.groupKey() != null ? patch.groupKey() : groupKey,
        status,
        patch.licensed() != null ? patch.licensed() : licensed);
  }

  /** This account with another status. */
  public TargetAccount withStatus(AccountStatus newStatus) {
    return new TargetAccount(key, email, firstName, lastName, groupKey, newStatus, licensed);
  }
}
