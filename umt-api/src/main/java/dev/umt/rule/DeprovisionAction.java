package dev.umt.rule;

/** What happens to an account whose user is disabled, or has left every rule's scope. */
public enum DeprovisionAction {
  /** Leave the account as it is. */
  NOTHING,
  /** Keep the account but stop it from signing in. */
  SUSPEND,
  /** Keep the account but take the product license away. */
  REVOKE_LICENSE,
  /** Remove the account. */
  DELETE
}
