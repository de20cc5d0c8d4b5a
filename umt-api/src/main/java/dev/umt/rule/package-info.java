/**
 * Rules and the {@link dev.umt.rule.RuleEvaluator} SPI that turns directory users into desired
 * accounts. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.rule;

import org.jspecify.annotations.NullMarked;
