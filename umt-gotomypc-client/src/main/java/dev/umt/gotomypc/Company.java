package dev.umt.gotomypc;

/**
 * A company (GoToMyPC corporate account) the manager belongs to.
 *
 * @param key the account key used in API paths
 * @param name the company's name
 */
public record Company(String key, String name) {}
