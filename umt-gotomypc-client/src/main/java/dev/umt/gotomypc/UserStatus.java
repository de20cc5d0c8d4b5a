package dev.umt.gotomypc;

/** Whether a GoToMyPC user may sign in ({@code settings.G2PC.status}). */
public enum UserStatus {
  ACTIVE,
  SUSPENDED
}
