package dev.umt.gotomypc.internal;

/**
 * A response body that is not the JSON expected; thrown by {@link StrictMoshiConverterFactory},
 * caught by {@link RequestExecutor}.
 */
final class MalformedResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
