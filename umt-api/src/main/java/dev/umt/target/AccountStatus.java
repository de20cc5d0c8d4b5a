package dev.umt.target;

/** Whether a target account may sign in. */
public enum AccountStatus {
  ACTIVE,
  SUSPENDED
}
