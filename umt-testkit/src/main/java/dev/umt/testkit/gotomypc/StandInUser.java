package dev.umt.testkit.gotomypc;

import java.util.List;

/**
 * A user as the {@link GoToMyPcStandIn} holds it, for assertions.
 *
 * @param key the user key
 * @param email the email
 * @param firstName first name
 * @param lastName last name
 * @param licenseKeys the licenses held
 * @param groupKey {@code settings.G2PC.groupKey}, or null
 * @param status {@code settings.G2PC.status}: {@code ACTIVE} or {@code SUSPENDED}
 * @param invited whether the welcome email was sent ({@code suppressEmail=false} at creation)
 */
public record StandInUser(
    String key,
    String email,
    String firstName,
    String lastName,
    List<String> licenseKeys,
    String groupKey,
    String status,
    boolean invited) {
  public StandInUser {
    licenseKeys = List.copyOf(licenseKeys);
  }
}
