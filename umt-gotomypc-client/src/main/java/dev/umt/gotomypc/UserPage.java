package dev.umt.gotomypc;

import java.util.List;

/**
 * One page of users.
 *
 * @param users the users on this page
 * @param offset the offset the page starts at
 * @param total the number of users in the company as the service counted them
 */
public record UserPage(List<User> users, int offset, int total) {
  public UserPage {
    users = List.copyOf(users);
  }

  /** Whether users remain after this page. */
  public boolean hasMore() {
    return !users.isEmpty() && offset + users.size() < total;
  }
}
