/**
 * The GoToMyPC administration API client: {@link dev.umt.gotomypc.GoToMyPcClient}, its policies and
 * the records it returns. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.gotomypc;

import org.jspecify.annotations.NullMarked;
