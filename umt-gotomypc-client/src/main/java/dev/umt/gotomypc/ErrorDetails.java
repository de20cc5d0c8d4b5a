package dev.umt.gotomypc;

import org.jspecify.annotations.Nullable;

/**
 * What the GoToMyPC service (or the way to it) answered to one request that failed.
 *
 * @param status the HTTP status, or 0 when no response arrived (I/O error, timeout, open circuit)
 * @param request the method and path, such as {@code POST /admin/rest/v1/accounts/123/users}; never
 *     a query string or header
 * @param errorCode the {@code errorCode} (or OAuth {@code error}) of a JSON error body, or null
 * @param errorMessage the {@code message} (or OAuth {@code error_description}) of a JSON error
 *     body, or null
 * @param rawBody the response body as received when it was not a JSON error body (at most 500
 *     characters, secrets removed), or null
 * @param subject the user key, email or other object the request was about, or null
 */
public record ErrorDetails(
    int status,
    String request,
    @Nullable String errorCode,
    @Nullable String errorMessage,
    @Nullable String rawBody,
    @Nullable String subject) {

  /**
   * A one-line description starting with {@code what}, naming the request, the subject and what the
   * service said.
   */
  public String describe(String what) {
    StringBuilder b = new StringBuilder(what).append(": ").append(request);
    if (subject != null) {
      b.append(" for ").append(subject);
    }
    if (status > 0) {
      b.append(" answered HTTP ").append(status);
    }
    if (errorCode != null) {
      b.append(' ').append(errorCode);
    }
    if (errorMessage != null) {
      b.append(": ").append(errorMessage);
    } else if (rawBody != null && !rawBody.isBlank()) {
      b.append(": ").append(rawBody);
    }
    return b.toString();
  }
}
