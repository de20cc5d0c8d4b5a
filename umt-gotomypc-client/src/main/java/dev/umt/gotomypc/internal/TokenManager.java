package dev.umt.gotomypc.internal;

import dev.umt.ConfigurationException;
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
 * Holds the access token in memory, refreshes it ahead of expiry or after a 401 with the
 * refresh-token grant, and saves every new refresh token to the {@link TokenStore} before using the
 * new access token. Thread-safe: one refresh at a time.
 *
 * <p>The token endpoint rotates refresh tokens: a refresh spends the stored one. So a refresh first
 * checks that the store can be written ({@link TokenStore#checkWritable()}) and does not spend the
 * token when it cannot. A new refresh token is held in memory before it is saved; a save that fails
 * is tried {@value #SAVE_ATTEMPTS} times, then the refresh fails loudly while this process keeps
 * the new token, goes on using it, and tries the save again at each later call until one succeeds.
 */
public final class TokenManager {
  private static final Logger log = LoggerFactory.getLogger(TokenManager.class);
  static final int SAVE_ATTEMPTS = 3;
  private static final long SAVE_PAUSE_MILLIS = 100;

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

  /** The newest refresh token while the store does not hold it yet, else null. */
  private Secret unsaved;

  public TokenManager(
      GoToMyPcApi api,
      RequestExecutor executor,
      URI tokenUrl,
      String clientId,
      Secret clientSecret,
      TokenStore store,
      Duration refreshAhead,
      Clock clock,
      Redactor redactor) {
    this.api = api;
    this.executor = executor;
    this.tokenUrl = tokenUrl.toString();
    this.tokenPath = tokenUrl.getRawPath();
    this.clientId = clientId;
    this.basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (clientId + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
    this.store = store;
    this.refreshAhead = refreshAhead;
    this.clock = clock;
    this.redactor = redactor;
    redactor.add(clientSecret.reveal());
    redactor.add(basic.substring("Basic ".length()));
  }

  /**
   * The {@code Authorization} header value for an API call, refreshing first when the token is
   * missing or about to expire.
   */
  public synchronized String bearer() {
    retryUnsaved();
    if (accessToken == null || !clock.instant().isBefore(refreshAt)) {
      refresh();
    }
    return "Bearer " + accessToken;
  }

  /**
   * After the service answered 401 to {@code rejectedBearer}: refreshes unless another thread
   * already did, and returns the header to retry with.
   */
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
    retryUnsaved();
    Secret refreshToken = unsaved;
    if (refreshToken == null) {
      refreshToken =
          store
              .load()
              .orElseThrow(
                  () ->
                      new GoToMyPcAuthenticationException(
                          new ErrorDetails(
                              0,
                              "POST " + tokenPath,
                              null,
                              "no refresh token in "
                                  + store
                                  + ": run the one-time authorization code set-up first",
                              null,
                              "client " + clientId),
                          null));
      checkWritable(
          "tokens not refreshed", "the stored refresh token was not used and still works");
    }
    redactor.add(refreshToken.reveal());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken.reveal());
    return grant(form, "refresh token grant", refreshToken);
  }

  /** The authorization-code grant of the one-time set-up; saves the refresh token. */
  public synchronized GrantInfo exchangeCode(String code, URI redirectUri) {
    redactor.add(code);
    checkWritable("authorization code not exchanged", "the code was not used");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    return grant(form, "authorization code grant", null);
  }

  private GrantInfo grant(Map<String, String> form, String what, Secret oldRefreshToken) {
    Response<Dto.Token> response;
    try {
      response =
          executor.execute(
              what + " of client " + clientId, false, () -> api.token(tokenUrl, basic, form));
    } catch (RequestExecutor.Unauthorized e) {
      throw refused(e.details(), what);
    } catch (GoToMyPcUnavailableException e) {
      throw e;
    } catch (UmtException e) {
      if (e instanceof GoToMyPcFailure f
          && f.details().status() >= 400
          && f.details().status() < 500
          && f.details().status() != 429) {
        throw refused(f.details(), what);
      }
      throw e;
    }
    Dto.Token token = response.body();
    String request = "POST " + tokenPath;
    if (token == null || token.accessToken() == null || token.accessToken().isBlank()) {
      throw new GoToMyPcUnavailableException(
          new ErrorDetails(
              response.code(),
              request,
              null,
              "token response has no access_token",
              null,
              what + " of client " + clientId),
          null);
    }
    if (token.tokenType() != null && !"bearer".equalsIgnoreCase(token.tokenType())) {
      throw new GoToMyPcAuthenticationException(
          new ErrorDetails(
              response.code(),
              request,
              null,
              "token_type is '" + token.tokenType() + "', not Bearer",
              null,
              what + " of client " + clientId),
          null);
    }
    redactor.add(token.accessToken());
    redactor.add(token.refreshToken());
    boolean rotated =
        token.refreshToken() != null
            && !token.refreshToken().isBlank()
            && (oldRefreshToken == null || !oldRefreshToken.reveal().equals(token.refreshToken()));
    if (!rotated && oldRefreshToken == null) {
      throw new GoToMyPcAuthenticationException(
          new ErrorDetails(
              response.code(),
              request,
              null,
              "token response has no refresh_token, so unattended runs could not continue",
              null,
              what + " of client " + clientId),
          null);
    }
    Instant now = clock.instant();
    long lifetime = token.expiresIn() == null || token.expiresIn() <= 0 ? 3600 : token.expiresIn();
    Duration ahead =
        refreshAhead.compareTo(Duration.ofSeconds(lifetime / 2)) < 0
            ? refreshAhead
            : Duration.ofSeconds(lifetime / 2);
    accessToken = token.accessToken();
    expiresAt = now.plusSeconds(lifetime);
    refreshAt = expiresAt.minus(ahead);
    log.debug("{} succeeded; the access token expires at {}", what, expiresAt);
    if (rotated) {
      unsaved = Secret.of(token.refreshToken());
      saveUnsaved();
    }
    return new GrantInfo(token.principal(), token.scope(), token.accountKey(), expiresAt);
  }

  /** Before spending a token or code: the store must be able to keep what comes back. */
  private void checkWritable(String what, String consequence) {
    try {
      store.checkWritable();
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "GoToMyPC "
              + what
              + ": the token store "
              + store
              + " cannot be written ("
              + e.getMessage()
              + "); "
              + consequence
              + ". Make it writable, or choose another token file, and run again",
          e);
    }
  }

  /**
   * Saves the unsaved refresh token, trying {@value #SAVE_ATTEMPTS} times; when all fail, says
   * loudly where the token is.
   */
  private void saveUnsaved() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      try {
        store.save(unsaved);
        unsaved = null;
        log.debug("saved the new refresh token to {}", store);
        return;
      } catch (RuntimeException e) {
        last = e;
        log.warn(
            "could not save the new GoToMyPC refresh token to {} (attempt {} of {}): {}",
            store,
            attempt,
            SAVE_ATTEMPTS,
            e.getMessage());
        if (attempt < SAVE_ATTEMPTS) {
          pause(SAVE_PAUSE_MILLIS * attempt);
        }
      }
    }
    throw new ConfigurationException(
        "GoToMyPC handed out a new refresh token that could not be saved to "
            + store
            + " after "
            + SAVE_ATTEMPTS
            + " attempts: "
            + last.getMessage()
            + ". The previous refresh token is used up; the new one is kept in memory by this"
            + " process only, which goes on using it and tries the save again at each GoToMyPC"
            + " call. Make the token store writable while this process runs; if it ends first, the"
            + " token is lost and the one-time authorization set-up must be run again",
        last);
  }

  /**
   * A later save of the token a failed save left in memory; quiet when it fails again (the failure
   * was reported loudly).
   */
  private void retryUnsaved() {
    if (unsaved != null) {
      try {
        store.save(unsaved);
        unsaved = null;
        log.info("saved the GoToMyPC refresh token kept in memory to {}", store);
      } catch (RuntimeException e) {
        log.debug(
            "the GoToMyPC refresh token is still only in this process's memory: {}",
            e.getMessage());
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private GoToMyPcAuthenticationException refused(ErrorDetails d, String what) {
    String hint =
        what.startsWith("refresh")
            ? "the refresh token is expired or revoked, or the client credentials are wrong: run"
                + " the one-time authorization code set-up again"
            : "the code is used up or expired, the redirect URI differs, or the client credentials"
                + " are wrong";
    String message = (d.errorMessage() != null ? d.errorMessage() + "; " : "") + hint;
    return new GoToMyPcAuthenticationException(
        new ErrorDetails(d.status(), d.request(), d.errorCode(), message, d.rawBody(), d.subject()),
        null);
  }
}
