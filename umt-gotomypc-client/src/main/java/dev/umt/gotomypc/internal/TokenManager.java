package dev.umt.gotomypc.internal;

import dev.umt.Secret;
import dev.umt.UmtException;
import dev.umt.gotomypc.ErrorDetails;
import dev.umt.gotomypc.GoToMyPcAuthenticationException;
import dev.umt.gotomypc.GoToMyPcFailure;
import dev.umt.gotomypc.GoToMyPcUnavailableException;
import dev.umt.gotomypc.GrantInfo;
import dev.umt.gotomypc.TokenStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Response;

/**
 * Holds the access token in memory, refreshes it ahead of expiry or after a 401 with the refresh-token
 * grant, and saves every new refresh token to the {@link TokenStore} before using the new access token.
 * Thread-safe: one refresh at a time.
 */
public final class TokenManager {
  private static final Logger log = LoggerFactory.getLogger(TokenManager.class);

  private final GoToMyPcApi api;
  private final RequestExecutor executor;
  private final String tokenUrl;
  private final String tokenPath;
  private final String clientId;
  private final String basic;
  private final TokenStore store;
  private final Duration refreshAhead;
  private final Clock clock;
  private final Redactor redactor;

  private String accessToken;
  private Instant refreshAt = Instant.MIN;
  private Instant expiresAt = Instant.MIN;

  public TokenManager(GoToMyPcApi api, RequestExecutor executor, URI tokenUrl, String clientId, Secret clientSecret,
      TokenStore store, Duration refreshAhead, Clock clock, Redactor redactor) {
    this.api = api;
    this.executor = executor;
    this.tokenUrl = tokenUrl.toString();
    this.tokenPath = tokenUrl.getRawPath();
    this.clientId = clientId;
    this.basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
    this.store = store;
    this.refreshAhead = refreshAhead;
    this.clock = clock;
    this.redactor = redactor;
    redactor.add(clientSecret.reveal());
    redactor.add(basic.substring("Basic ".length()));
  }

  /** The {@code Authorization} header value for an API call, refreshing first when the token is missing or about to expire. */
  public synchronized String bearer() {
    if (accessToken == null || !clock.instant().isBefore(refreshAt)) {
      refresh();
    }
    return "Bearer " + accessToken;
  }

  /** After the service answered 401 to {@code rejectedBearer}: refreshes unless another thread already did, and returns the header to retry with. */
  public synchronized String afterRejection(String rejectedBearer) {
    if (accessToken == null || rejectedBearer.equals("Bearer " + accessToken)) {
      log.info("GoToMyPC answered 401; refreshing the access token once");
      refresh();
    }
    return "Bearer " + accessToken;
  }

  /** When the current access token expires, or {@link Instant#MIN} when there is none. */
  public synchronized Instant expiresAt() {
    return expiresAt;
  }

  /** The refresh-token grant; saves the new refresh token when one comes back. */
  public synchronized GrantInfo refresh() {
    Secret refreshToken = store.load().orElseThrow(() -> new GoToMyPcAuthenticationException(new ErrorDetails(0, "POST " + tokenPath,
        null, "no refresh token in " + store + ": run the one-time authorization code set-up first", null, "client " + clientId), null));
    redactor.add(refreshToken.reveal());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken.reveal());
    return grant(form, "refresh token grant", refreshToken);
  }

  /** The authorization-code grant of the one-time set-up; saves the refresh token. */
  public synchronized GrantInfo exchangeCode(String code, URI redirectUri) {
    redactor.add(code);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    return grant(form, "authorization code grant", null);
  }

  private GrantInfo grant(Map<String, String> form, String what, Secret oldRefreshToken) {
    Response<Dto.Token> response;
    try {
      response = executor.execute(what + " of client " + clientId, false, () -> api.token(tokenUrl, basic, form));
    } catch (RequestExecutor.Unauthorized e) {
      throw refused(e.details(), what);
    } catch (GoToMyPcUnavailableException e) {
      throw e;
    } catch (UmtException e) {
      if (e instanceof GoToMyPcFailure f && f.details().status() >= 400 && f.details().status() < 500 && f.details().status() != 429) {
        throw refused(f.details(), what);
      }
      throw e;
    }
    Dto.Token token = response.body();
    String request = "POST " + tokenPath;
    if (token == null || token.accessToken() == null || token.accessToken().isBlank()) {
      throw new GoToMyPcUnavailableException(new ErrorDetails(response.code(), request, null,
          "token response has no access_token", null, what + " of client " + clientId), null);
    }
    if (token.tokenType() != null && !"bearer".equalsIgnoreCase(token.tokenType())) {
      throw new GoToMyPcAuthenticationException(new ErrorDetails(response.code(), request, null,
          "token_type is '" + token.tokenType() + "', not Bearer", null, what + " of client " + clientId), null);
    }
    redactor.add(token.accessToken());
    redactor.add(token.refreshToken());
    if (token.refreshToken() != null && !token.refreshToken().isBlank()
        && (oldRefreshToken == null || !oldRefreshToken.reveal().equals(token.refreshToken()))) {
      store.save(Secret.of(token.refreshToken()));
      log.debug("saved the new refresh token to {}", store);
    } else if (oldRefreshToken == null) {
      throw new GoToMyPcAuthenticationException(new ErrorDetails(response.code(), request, null,
          "token response has no refresh_token, so unattended runs could not continue", null, what + " of client " + clientId), null);
    }
    Instant now = clock.instant();
    long lifetime = token.expiresIn() == null || token.expiresIn() <= 0 ? 3600 : token.expiresIn();
    Duration ahead = refreshAhead.compareTo(Duration.ofSeconds(lifetime / 2)) < 0 ? refreshAhead : Duration.ofSeconds(lifetime / 2);
    accessToken = token.accessToken();
    expiresAt = now.plusSeconds(lifetime);
    refreshAt = expiresAt.minus(ahead);
    log.debug("{} succeeded; the access token expires at {}", what, expiresAt);
    return new GrantInfo(token.principal(), token.scope(), token.accountKey(), expiresAt);
  }

  private GoToMyPcAuthenticationException refused(ErrorDetails d, String what) {
    String hint = what.startsWith("refresh") ? "the refresh token is expired or revoked, or the client credentials are wrong: run the one-time authorization code set-up again"
        : "the code is used up or expired, the redirect URI differs, or the client credentials are wrong";
    String message = (d.errorMessage() != null ? d.errorMessage() + "; " : "") + hint;
    return new GoToMyPcAuthenticationException(new ErrorDetails(d.status(), d.request(), d.errorCode(), message, d.rawBody(), d.subject()), null);
  }
}
