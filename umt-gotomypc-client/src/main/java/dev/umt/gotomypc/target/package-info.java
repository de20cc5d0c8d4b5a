/**
 * GoToMyPC as a {@link dev.umt.target.ProvisioningTarget}. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.gotomypc.target;

import org.jspecify.annotations.NullMarked;
