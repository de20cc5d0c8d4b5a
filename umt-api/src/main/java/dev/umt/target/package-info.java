/**
 * The target side: {@link dev.umt.target.ProvisioningTarget} and its provider, and the accounts and
 * groups it returns. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.target;

import org.jspecify.annotations.NullMarked;
