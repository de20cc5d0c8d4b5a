package dev.umt.gotomypc;

/**
 * One entry of the answer to {@code POST /users}: the user's key, whether the user was created now
 * or already existed (the service does not say which).
 *
 * @param key the user key
 * @param email the email
 */
public record CreatedUser(String key, String email) {}
