package dev.umt.gotomypc;

import java.util.Objects;

/**
 * The parts of the wire format that the GoToMyPC documentation does not state and UMT assumed
 * (marked [assumed] in {@code gotomypc-api.md}), gathered here so that a deployment that differs
 * can be matched without code changes.
 *
 * <pre>{@code
 * ApiConventions c = ApiConventions.DEFAULT.withLicenseProduct("GOTOMYPC").withMaxUsersPerCreate(50);
 * }</pre>
 *
 * @param settingsProduct the key under a user's {@code settings} holding the GoToMyPC settings
 *     ({@code G2PC})
 * @param groupKeyField the field of those settings naming the user's group ({@code groupKey})
 * @param statusField the field of those settings holding the user's status ({@code status})
 * @param activeStatus the status value of a user who may sign in ({@code ACTIVE})
 * @param suspendedStatus the status value of a suspended user ({@code SUSPENDED})
 * @param licenseProduct the product code a GoToMyPC license lists in {@code products} ({@code
 *     G2PC})
 * @param groupParentField the field of a group naming its parent group ({@code parentKey})
 * @param seatsField the field of a license giving its seats ({@code seats})
 * @param seatsUsedField the field of a license giving its used seats ({@code seatsUsed})
 * @param maxUsersPerCreate the most users sent in one {@code POST /users} (100)
 * @param userAttributes the value of the {@code attributes} query parameter when listing users, or
 *     empty to leave it out
 */
public record ApiConventions(
    String settingsProduct,
    String groupKeyField,
    String statusField,
    String activeStatus,
    String suspendedStatus,
    String licenseProduct,
    String groupParentField,
    String seatsField,
    String seatsUsedField,
    int maxUsersPerCreate,
    String userAttributes) {

  /** The conventions of {@code gotomypc-api.md}. */
  public static final ApiConventions DEFAULT =
      new ApiConventions(
          "G2PC",
          "groupKey",
          "status",
          "ACTIVE",
          "SUSPENDED",
          "G2PC",
          "parentKey",
          "seats",
          "seatsUsed",
          100,
          "key,email,firstName,lastName,licenseKeys,settings");

  public ApiConventions {
    for (String[] f :
        new String[][] {
          {"settingsProduct", settingsProduct},
          {"groupKeyField", groupKeyField},
          {"statusField", statusField},
          {"activeStatus", activeStatus},
          {"suspendedStatus", suspendedStatus},
          {"licenseProduct", licenseProduct},
          {"groupParentField", groupParentField},
          {"seatsField", seatsField},
          {"seatsUsedField", seatsUsedField}
        }) {
      if (f[1] == null || f[1].isBlank()) {
        throw new IllegalArgumentException("API convention " + f[0] + " is blank");
      }
    }
    if (maxUsersPerCreate < 1) {
      throw new IllegalArgumentException(
          "API convention maxUsersPerCreate must be at least 1, not " + maxUsersPerCreate);
    }
    userAttributes = Objects.requireNonNullElse(userAttributes, "").trim();
  }

  /** These conventions with another GoToMyPC license product code. */
  public ApiConventions withLicenseProduct(String code) {
    return new ApiConventions(
        settingsProduct,
        groupKeyField,
        statusField,
        activeStatus,
        suspendedStatus,
        code,
        groupParentField,
        seatsField,
        seatsUsedField,
        maxUsersPerCreate,
        userAttributes);
  }

  /** These conventions with another settings key for GoToMyPC. */
  public ApiConventions withSettingsProduct(String key) {
    return new ApiConventions(
        key,
        groupKeyField,
        statusField,
        activeStatus,
        suspendedStatus,
        licenseProduct,
        groupParentField,
        seatsField,
        seatsUsedField,
        maxUsersPerCreate,
        userAttributes);
  }

  /** These conventions with another create batch size. */
  public ApiConventions withMaxUsersPerCreate(int max) {
    return new ApiConventions(
        settingsProduct,
        groupKeyField,
        statusField,
        activeStatus,
        suspendedStatus,
        licenseProduct,
        groupParentField,
        seatsField,
        seatsUsedField,
        max,
        userAttributes);
  }
}
