/**
 * The entry points: {@link dev.umt.SyncEngine} (read, evaluate, plan, apply), its options, plans
 * and reports, {@link dev.umt.Providers} (ServiceLoader discovery), {@link dev.umt.PageCursor} and
 * the exceptions the SPIs share. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt;

import org.jspecify.annotations.NullMarked;
