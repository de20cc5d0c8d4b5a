/**
 * The state store, global options and Quartz job store on PostgreSQL. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.postgres;

import org.jspecify.annotations.NullMarked;
