/**
 * What the engine remembers between runs: the {@link dev.umt.state.StateStore} SPI, its file-backed
 * implementation, the ledger, held plans and run records. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.state;

import org.jspecify.annotations.NullMarked;
