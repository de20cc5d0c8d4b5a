package dev.umt.gotomypc;

import org.jspecify.annotations.Nullable;

/**
 * A GoToMyPC group or subgroup.
 *
 * @param key the group key
 * @param name the name
 * @param parentKey the parent group's key, or null for a top-level group
 */
public record Group(String key, String name, @Nullable String parentKey) {}
