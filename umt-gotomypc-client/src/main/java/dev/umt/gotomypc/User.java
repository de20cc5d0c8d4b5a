package dev.umt.gotomypc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A user of a company.
 *
 * @param key the user key
 * @param email the sign-in email
 * @param firstName first name, or null
 * @param lastName last name, or null
 * @param licenseKeys the keys of the licenses the user holds
 * @param groupKey the GoToMyPC group from {@code settings.G2PC.groupKey}, or null
 * @param status from {@code settings.G2PC.status}; {@link UserStatus#ACTIVE} when the service sends
 *     none
 */
public record User(
    String key,
    String email,
    @Nullable String firstName,
    @Nullable String lastName,
    List<String> licenseKeys,
    @Nullable String groupKey,
    UserStatus status) {
  public User {
    licenseKeys = List.copyOf(licenseKeys);
  }
}
