package dev.umt.gotomypc;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the token endpoint said about a grant, without the tokens themselves.
 *
 * @param principal the manager's email, or null
 * @param scope the granted scope, or null
 * @param accountKey the {@code account_key}, or null
 * @param accessTokenExpiresAt when the access token expires
 */
public record GrantInfo(
    @Nullable String principal,
    @Nullable String scope,
    @Nullable String accountKey,
    Instant accessTokenExpiresAt) {}
