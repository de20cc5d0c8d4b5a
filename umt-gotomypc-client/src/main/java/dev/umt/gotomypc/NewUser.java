package dev.umt.gotomypc;

import java.util.List;
import java.util.Objects;

/**
 * A user to create with {@code POST /users}.
 *
 * @param email the sign-in email, not blank
 * @param firstName first name, not blank
 * @param lastName last name, not blank
 * @param licenseKeys licenses to grant at once (may be empty)
 */
public record NewUser(String email, String firstName, String lastName, List<String> licenseKeys) {
  public NewUser {
    if (email == null || email.isBlank()) {
      throw new IllegalArgumentException("email of new user is blank");
    }
    if (firstName == null || firstName.isBlank() || lastName == null || lastName.isBlank()) {
      throw new IllegalArgumentException("first or last name of new user " + email + " is blank");
    }
    licenseKeys = List.copyOf(Objects.requireNonNullElse(licenseKeys, List.of()));
  }
}
