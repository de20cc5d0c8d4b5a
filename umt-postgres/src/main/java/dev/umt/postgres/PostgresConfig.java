package dev.umt.postgres;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the PostgreSQL database that holds UMT's state: validated when built, without
 * network I/O ({@link PostgresDatabase#open} connects). The password is a {@link Secret}: it is
 * never logged, and {@link #toString()} shows {@code ***}. Keep it out of the URL.
 *
 * <p>TLS: {@code sslMode} is the driver's {@code sslmode}; use {@code verify-full} (the server's
 * certificate chains to {@code sslRootCert} and names the host) between machines. Null leaves the
 * driver's default ({@code prefer}: TLS when the server offers it, unchecked).
 *
 * <pre>{@code
 * PostgresConfig config = PostgresConfig.builder()
 *     .jdbcUrl("jdbc:postgresql://db.example.com:5432/umt")
 *     .user("umt")
 *     .password(Secret.of(System.getenv("UMT_PG_PASSWORD")))
 *     .sslMode("verify-full").sslRootCert(Path.of("/etc/umt/db-ca.pem"))
 *     .build();
 * }</pre>
 *
 * @param jdbcUrl {@code jdbc:postgresql://host[:port]/database}, without credentials
 * @param user the database user
 * @param password the user's password, or null for none (trust or certificate authentication)
 * @param sslMode the driver's {@code sslmode} ({@code disable}, {@code allow}, {@code prefer},
 *     {@code require}, {@code verify-ca}, {@code verify-full}), or null for the driver's default
 * @param sslRootCert the CA certificate file for {@code verify-ca}/{@code verify-full}, or null for
 *     the driver's default
 * @param maxPoolSize the most pooled connections (1 to 100; each store holds one more of its own
 *     for its lock)
 * @param applicationName what PostgreSQL shows as {@code application_name}; the lock connection
 *     adds the process id and host
 */
public record PostgresConfig(
    String jdbcUrl,
    String user,
    @Nullable Secret password,
    @Nullable String sslMode,
    @Nullable Path sslRootCert,
    int maxPoolSize,
    String applicationName) {

  static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /**
   * @throws ConfigurationException naming the field and the value when one is invalid
   */
  public PostgresConfig {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(
          "postgres.jdbcUrl: must start with jdbc:postgresql:, not "
              + (jdbcUrl == null ? "nothing" : "'" + withoutQuery(jdbcUrl) + "'"));
    }
    String query =
        jdbcUrl.contains("?")
            ? jdbcUrl.substring(jdbcUrl.indexOf('?') + 1).toLowerCase(Locale.ROOT)
            : "";
    if (query.matches("(^|.*&)password=.*")) {
      throw new ConfigurationException(
          "postgres.jdbcUrl: must not hold the password (it would be logged with the URL); "
              + "give it as postgres.password");
    }
    if (user == null || user.isBlank()) {
      throw new ConfigurationException("postgres.user: must not be blank");
    }
    if (sslMode != null && !SSL_MODES.contains(sslMode)) {
      throw new ConfigurationException(
          "postgres.sslMode: '" + sslMode + "' is not one of " + String.join(", ", SSL_MODES));
    }
    if (maxPoolSize < 1 || maxPoolSize > 100) {
      throw new ConfigurationException(
          "postgres.maxPoolSize: must be 1 to 100, not " + maxPoolSize);
    }
    if (applicationName == null || applicationName.isBlank()) {
      throw new ConfigurationException("postgres.applicationName: must not be blank");
    }
  }

  /** A builder: pool of 4, application name {@code umt}, the driver's TLS default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL up to its query (which may hold settings but never the password): safe to show. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public String toString() {
    return "PostgresConfig["
        + withoutQuery(jdbcUrl)
        + ", user "
        + user
        + ", password "
        + (password == null ? "none" : "***")
        + ", sslmode "
        + (sslMode == null ? "driver default" : sslMode)
        + ", pool "
        + maxPoolSize
        + "]";
  }

  /** Builds a {@link PostgresConfig}. */
  public static final class Builder {
    private String jdbcUrl;
    private String user;
    private Secret password;
    private String sslMode;
    private Path sslRootCert;
    private int maxPoolSize = 4;
    private String applicationName = "umt";

    private Builder() {}

    public Builder jdbcUrl(String v) {
      jdbcUrl = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder password(Secret v) {
      password = v;
      return this;
    }

    public Builder sslMode(String v) {
      sslMode = v;
      return this;
    }

    public Builder sslRootCert(Path v) {
      sslRootCert = v;
      return this;
    }

    public Builder maxPoolSize(int v) {
      maxPoolSize = v;
      return this;
    }

    public Builder applicationName(String v) {
      applicationName = Objects.requireNonNull(v, "applicationName");
      return this;
    }

    /**
     * @throws ConfigurationException naming the field when one is invalid
     */
    public PostgresConfig build() {
      return new PostgresConfig(
          jdbcUrl, user, password, sslMode, sslRootCert, maxPoolSize, applicationName);
    }
  }
}
