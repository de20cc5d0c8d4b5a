package dev.umt.target;

import dev.umt.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fields of an account to change; a {@code null} field is left as it is.
 *
 * @param email new email, or null
 * @param firstName new first name, or null
 * @param lastName new last name, or null
 * @param groupKey new group key, or null
 * @param licensed grant (true) or revoke (false) the license, or null
 */
public record AccountPatch(
    @Nullable String email,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable String groupKey,
    @Nullable Boolean licensed) {
  /** A patch that changes nothing. */
  public static final AccountPatch NONE = new AccountPatch(null, null, null, null, null);

  public AccountPatch {
    email = Checks.blankToNull(email);
    firstName = Checks.blankToNull(firstName);
    lastName = Checks.blankToNull(lastName);
    groupKey = Checks.blankToNull(groupKey);
  }

  /** A patch that only grants or revokes the license. */
  public static AccountPatch license(boolean licensed) {
    return new AccountPatch(null, null, null, null, licensed);
  }

  /** Whether this patch changes nothing. */
  public boolean isEmpty() {
    return email == null
        && firstName == null
        && lastName == null
        && groupKey == null
        && licensed == null;
  }

  /**
   * The names of the fields this patch changes, in a fixed order: email, firstName, lastName,
   * groupKey, licensed.
   */
  public List<String> fields() {
    List<String> f = new ArrayList<>(5);
    if (email != null) f.add("email");
    if (firstName != null) f.add("firstName");
    if (lastName != null) f.add("lastName");
    if (groupKey != null) f.add("groupKey");
    if (licensed != null) f.add("licensed");
    return f;
  }
}
