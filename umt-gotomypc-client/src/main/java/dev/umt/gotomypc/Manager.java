package dev.umt.gotomypc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The corporate manager the tokens belong to, as {@code GET /admin/rest/v1/me} describes them.
 *
 * @param key the manager's user key
 * @param email the manager's email
 * @param firstName first name, or null
 * @param lastName last name, or null
 * @param defaultCompanyKey the top-level {@code accountKey}, or null when the response has none
 * @param companies the companies the manager may administer
 */
public record Manager(
    String key,
    String email,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable String defaultCompanyKey,
    List<Company> companies) {
  public Manager {
    companies = List.copyOf(companies);
  }
}
