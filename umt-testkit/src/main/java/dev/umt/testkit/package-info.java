/**
 * What a connector author tests with: the contract tests a {@code DirectorySource}, {@code
 * ProvisioningTarget}, {@code ChangeFeed} or {@code StateStore} must pass ({@link
 * dev.umt.testkit.DirectorySourceContract} and the others, to extend), in-memory fakes of a
 * directory and a target ({@link dev.umt.testkit.InMemoryDirectory}, {@link
 * dev.umt.testkit.InMemoryTarget}) and the standard test organisation ({@link
 * dev.umt.testkit.Organisation}). Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.testkit;

import org.jspecify.annotations.NullMarked;
