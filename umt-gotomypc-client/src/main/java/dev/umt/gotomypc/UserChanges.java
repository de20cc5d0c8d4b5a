package dev.umt.gotomypc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fields to change with {@code PUT /users/{key}}; a {@code null} field is not sent and stays as
 * it is.
 *
 * <pre>{@code
 * company.updateUser(key, UserChanges.NONE.withLastName("Smith").withGroupKey(sales.key()));
 * }</pre>
 *
 * @param email new email, or null
 * @param firstName new first name, or null
 * @param lastName new last name, or null
 * @param licenseKeys the complete new list of license keys, or null
 * @param groupKey new GoToMyPC group ({@code settings.G2PC.groupKey}), or null
 * @param status new status ({@code settings.G2PC.status}), or null
 */
public record UserChanges(
    @Nullable String email,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable List<String> licenseKeys,
    @Nullable String groupKey,
    @Nullable UserStatus status) {
  /** No change. */
  public static final UserChanges NONE = new UserChanges(null, null, null, null, null, null);

  public UserChanges {
    licenseKeys = licenseKeys == null ? null : List.copyOf(licenseKeys);
  }

  /** Whether nothing would change. */
  public boolean isEmpty() {
    return email == null
        && firstName == null
        && lastName == null
        && licenseKeys == null
        && groupKey == null
        && status == null;
  }

  public UserChanges withEmail(String value) {
    return new UserChanges(value, firstName, lastName, licenseKeys, groupKey, status);
  }

  public UserChanges withFirstName(String value) {
    return new UserChanges(email, value, lastName, licenseKeys, groupKey, status);
  }

  public UserChanges withLastName(String value) {
    return new UserChanges(email, firstName, value, licenseKeys, groupKey, status);
  }

  public UserChanges withLicenseKeys(List<String> value) {
    return new UserChanges(email, firstName, lastName, value, groupKey, status);
  }

  public UserChanges withGroupKey(String value) {
    return new UserChanges(email, firstName, lastName, licenseKeys, value, status);
  }

  public UserChanges withStatus(UserStatus value) {
    return new UserChanges(email, firstName, lastName, licenseKeys, groupKey, value);
  }
}
