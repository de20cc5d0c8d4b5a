package dev.umt.gotomypc.internal;

import com.squareup.moshi.Json;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the Admin API and the token endpoint, as Moshi reads and writes them. */
public final class Dto {
  private Dto() {}

  public record Token(
      @Json(name = "access_token") String accessToken,
      @Json(name = "token_type") String tokenType,
      @Json(name = "expires_in") Long expiresIn,
      @Json(name = "refresh_token") String refreshToken,
      String scope,
      String principal,
      @Json(name = "account_key") String accountKey) {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  public record Account(String key, String name) {}

  public record Me(
      String key,
      String email,
      String firstName,
      String lastName,
      String accountKey,
      List<Account> accounts) {}

  public record User(
      String key,
      String email,
      String firstName,
      String lastName,
      List<String> licenseKeys,
      Map<String, Object> settings) {}

  public record UserPage(List<User> results, Long total) {}

  public record NewUser(
      String email, String firstName, String lastName, List<String> licenseKeys) {}

  public record CreateUsers(List<NewUser> users, Boolean suppressEmail) {}

  public record CreatedUser(String key, String email) {}

  /** A PUT body: null fields are left out by Moshi, so only given fields are sent. */
  public record UserUpdate(
      String email,
      String firstName,
      String lastName,
      List<String> licenseKeys,
      Map<String, Object> settings) {}

  public record MapPage(List<Map<String, Object>> results, Long total) {}

  public record Error(
      String errorCode,
      String message,
      String error,
      @Json(name = "error_description") String errorDescription) {}
}
