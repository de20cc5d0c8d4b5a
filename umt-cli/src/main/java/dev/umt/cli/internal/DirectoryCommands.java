package dev.umt.cli.internal;

import dev.umt.PageCursor;
import dev.umt.Providers;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code umt connect}, {@code umt browse}, {@code umt users}: the directory screens. */
final class DirectoryCommands {
  private DirectoryCommands() {}

  /**
   * Reads the first line of a secret file; a missing or empty file is a {@link UserError} naming
   * it.
   */
  static Secret readSecretFile(Path file, String what) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
      if (line.isEmpty()) {
        throw new UserError(what + " file " + file + " is empty");
      }
      return Secret.of(line);
    } catch (IOException e) {
      throw new UserError(
          "cannot read the " + what + " file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  @Command(
      name = "connect",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      abbreviateSynopsis = true,
      description = {
        "Connect to the directory, test it and say who UMT is bound as.",
        "",
        "The connection is saved in the data folder once it works. Options left out keep their"
            + " saved value. The password is asked for (never taken on the command line) unless"
            + " --password-file is given.",
        "Bind kinds: simple (user and password), anonymous, client-certificate (SASL EXTERNAL with"
            + " --key-store), kerberos (the current login's ticket cache: the original tool's"
            + " \"leave the fields blank\").",
        ""
      })
  static final class Connect implements Runnable {
    private final Cli cli;

    Connect(Cli cli) {
      this.cli = cli;
    }

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "active-directory, edirectory or ldap")
    String type;

    @Option(
        names = "--servers",
        paramLabel = "HOST[:PORT],...",
        description = "servers, tried in order")
    String servers;

    @Option(
        names = "--base-dn",
        paramLabel = "DN",
        description = "where reads start (default: the server's naming context)")
    String baseDn;

    @Option(
        names = "--security",
        paramLabel = "MODE",
        description = "none, starttls (default) or ldaps")
    String security;

    @Option(
        names = "--trust-store",
        paramLabel = "FILE",
        description = "PKCS#12 or JKS file with the server's certificate or CA")
    @Nullable Path trustStore;

    @Option(
        names = "--trust-store-password-file",
        paramLabel = "FILE",
        description = "the trust store's password, on the first line of FILE")
    @Nullable Path trustStorePasswordFile;

    @Option(
        names = "--bind",
        paramLabel = "KIND",
        description = "simple, anonymous, client-certificate or kerberos")
    String bind;

    @Option(
        names = "--user",
        paramLabel = "USER",
        description = "bind user: a DN, user@domain or DOMAIN\\user")
    String user;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "read the password from the first line of FILE instead of asking")
    @Nullable Path passwordFile;

    @Option(
        names = "--key-store",
        paramLabel = "FILE",
        description = "client certificate for --bind client-certificate")
    @Nullable Path keyStore;

    @Option(
        names = "--key-store-password-file",
        paramLabel = "FILE",
        description = "the key store's password, on the first line of FILE")
    @Nullable Path keyStorePasswordFile;

    @Option(
        names = "--ticket-cache",
        paramLabel = "FILE",
        description = "Kerberos ticket cache (default: KRB5CCNAME)")
    @Nullable Path ticketCache;

    @Option(
        names = "--kerberos-server-name",
        paramLabel = "HOST",
        description = "host name in the service principal ldap/HOST")
    String kerberosServerName;

    @Option(
        names = "--allow-plain-password",
        negatable = true,
        description =
            "allow a simple bind over plain LDAP (the password crosses the network in clear)")
    @Nullable Boolean allowPlain;

    @Option(
        names = "--set",
        paramLabel = "NAME=VALUE",
        description =
            "any other source setting (see the umt-ldap README), such as"
                + " groupExpansion=member-list")
    Map<String, String> extra = new LinkedHashMap<>();

    @Override
    public void run() {
      DataFolder data = cli.data();
      Map<String, String> saved = data.section("directory");
      Map<String, String> s = new TreeMap<>(saved);
      put(s, "type", type);
      put(s, "servers", servers);
      put(s, "baseDn", baseDn);
      put(s, "security", security);
      put(s, "trustStore", trustStore == null ? null : trustStore.toAbsolutePath().toString());
      put(s, "bind", bind);
      put(s, "bindUser", user);
      put(s, "keyStore", keyStore == null ? null : keyStore.toAbsolutePath().toString());
      put(s, "ticketCache", ticketCache == null ? null : ticketCache.toAbsolutePath().toString());
      put(s, "kerberosServerName", kerberosServerName);
      put(s, "allowSimpleBindWithoutEncryption", allowPlain == null ? null : allowPlain.toString());
      extra.forEach(
          (k, v) -> {
            if (Session.DIRECTORY_SECRETS.stream().anyMatch(n -> n.equalsIgnoreCase(k))) {
              throw new UserError(
                  "--set "
                      + k
                      + ": secrets are not taken on the command line; use --password-file or the"
                      + " prompt");
            }
            put(s, k, v);
          });
      if (s.get("type") == null) {
        throw new UserError("--type is missing: give active-directory, edirectory or ldap");
      }
      if (s.get("servers") == null) {
        throw new UserError("--servers is missing: give host[:port], comma-separated");
      }
      String kind =
          s.getOrDefault("bind", s.containsKey("bindUser") ? "simple" : "anonymous")
              .toLowerCase(Locale.ROOT);
      if (!kind.equals("simple")) {
        s.remove("bindUser");
      }
      Map<String, Secret> secrets = new LinkedHashMap<>();
      if (kind.equals("simple")) {
        if (s.get("bindUser") == null) {
          throw new UserError(
              "--user is missing for a simple bind (or give --bind anonymous, client-certificate or"
                  + " kerberos)");
        }
        if (passwordFile != null) {
          secrets.put("bindPassword", readSecretFile(passwordFile, "password"));
        } else if (s.get("bindUser").equals(saved.get("bindUser"))
            && data.secrets().get("directory.bindPassword").isPresent()) {
          secrets.put("bindPassword", data.secrets().get("directory.bindPassword").get());
        } else {
          char[] typed = cli.readSecret("Password for " + s.get("bindUser") + ": ");
          if (typed == null || typed.length == 0) {
            throw new UserError(
                "no password given for "
                    + s.get("bindUser")
                    + ": type it when asked, or give --password-file FILE");
          }
          secrets.put("bindPassword", Secret.of(typed));
        }
      }
      if (trustStorePasswordFile != null) {
        secrets.put(
            "trustStorePassword", readSecretFile(trustStorePasswordFile, "trust store password"));
      } else if (s.containsKey("trustStore")) {
        data.secrets()
            .get("directory.trustStorePassword")
            .ifPresent(v -> secrets.put("trustStorePassword", v));
      }
      if (keyStorePasswordFile != null) {
        secrets.put("keyStorePassword", readSecretFile(keyStorePasswordFile, "key store password"));
      } else if (kind.equals("client-certificate")) {
        data.secrets()
            .get("directory.keyStorePassword")
            .ifPresent(v -> secrets.put("keyStorePassword", v));
      }
      Map<String, String> settings = new TreeMap<>(s);
      String t = settings.remove("type");
      secrets.forEach((k, v) -> settings.put(k, v.reveal()));
      SourceInfo info;
      try (DirectorySource source =
          Providers.load(Connect.class.getClassLoader())
              .directorySource(t)
              .create(Settings.of("umt connect", settings))) {
        info = source.checkConnection();
      }
      data.saveSection("directory", s);
      for (String name : Session.DIRECTORY_SECRETS) {
        if (secrets.containsKey(name)) {
          data.secrets().put("directory." + name, secrets.get(name));
        } else {
          data.secrets().remove("directory." + name);
        }
      }
      cli.out.printf(
          "Connected to %s %s at %s (%s bind), bound as %s.%n",
          info.vendor(),
          info.version(),
          s.get("servers"),
          kind,
          info.boundAs() == null || info.boundAs().isEmpty() ? "anonymous" : info.boundAs());
      cli.out.println("Naming contexts: " + String.join(", ", info.namingContexts()));
      cli.out.println(
          "Saved in "
              + data.settingsFile()
              + (secrets.isEmpty() ? "" : "; the password in " + data.secrets().file())
              + ".");
    }

    private static void put(Map<String, String> s, String name, @Nullable String value) {
      if (value != null) {
        if (value.isBlank()) {
          s.remove(name);
        } else {
          s.put(name, value);
        }
      }
    }
  }

  /** The DN given, or the configured base DN, or the server's first naming context. */
  static String startDn(Session session, @Nullable String dn) {
    if (dn != null) {
      return dn;
    }
    String base = session.data().section("directory").get("baseDn");
    if (base != null) {
      return base;
    }
    List<String> contexts = session.source().checkConnection().namingContexts();
    if (contexts.isEmpty()) {
      throw new UserError("the directory names no naming context: give a DN");
    }
    return contexts.get(0);
  }

  static DirectoryEntry find(Session session, String dn) {
    return session
        .source()
        .findByDn(dn)
        .orElseThrow(() -> new UserError("no entry with DN '" + dn + "' in the directory"));
  }

  static String kind(DirectoryEntry e) {
    if (e instanceof Container c) {
      return switch (c.kind()) {
        case DOMAIN -> "domain";
        case ORGANIZATIONAL_UNIT -> "OU";
        case CONTAINER -> "container";
      };
    }
    if (e instanceof DirectoryGroup g) {
      return g.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " group";
    }
    return "user";
  }

  static String name(DirectoryEntry e) {
    if (e instanceof Container c) {
      return c.name();
    }
    if (e instanceof DirectoryGroup g) {
      return g.name();
    }
    return ((DirectoryUser) e).loginName();
  }

  @Command(
      name = "browse",
      mixinStandardHelpOptions = true,
      description = {
        "Show the directory tree of OUs, containers and groups.",
        "",
        "One level under DN, or --depth levels. Use a DN from here with 'umt users' and 'umt rules"
            + " add --dn'.",
        ""
      })
  static final class Browse implements Runnable {
    private final Cli cli;

    Browse(Cli cli) {
      this.cli = cli;
    }

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "DN",
        description = "where to start (default: the base DN)")
    @Nullable String dn;

    @Option(
        names = "--depth",
        paramLabel = "N",
        defaultValue = "1",
        description = "levels to show (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--ids", description = "show each entry's permanent id")
    boolean ids;

    @Override
    public void run() {
      if (depth < 1) {
        throw new UserError("--depth must be at least 1, not " + depth);
      }
      try (Session session = new Session(cli.data())) {
        DirectoryEntry start = find(session, startDn(session, dn));
        cli.out.println(start.dn() + "  [" + kind(start) + "]" + (ids ? "  id=" + start.id() : ""));
        walk(session, start.dn(), 1);
      }
    }

    private void walk(Session session, String parent, int level) {
      for (DirectoryEntry e : session.source().children(parent)) {
        cli.out.println(
            "  ".repeat(level)
                + "- "
                + name(e)
                + "  ["
                + kind(e)
                + "]  "
                + e.dn()
                + (ids ? "  id=" + e.id() : ""));
        if (level < depth && e instanceof Container) {
          walk(session, e.dn(), level + 1);
        }
      }
    }
  }

  @Command(
      name = "users",
      mixinStandardHelpOptions = true,
      description = {
        "List the users of an OU or a group, page by page.",
        "",
        "--nested: with the OU's sub-OUs, or with the members of the group's nested groups.",
        ""
      })
  static final class Users implements Runnable {
    private final Cli cli;

    Users(Cli cli) {
      this.cli = cli;
    }

    @Parameters(
        index = "0",
        paramLabel = "OU-OR-GROUP-DN",
        description = "the OU or group (see 'umt browse')")
    @Nullable String dn;

    @Option(names = "--nested", description = "include sub-OUs, or members of nested groups")
    boolean nested;

    @Option(
        names = "--page-size",
        paramLabel = "N",
        defaultValue = "500",
        description = "users per page read (default: ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--limit", paramLabel = "N", description = "stop after N users")
    @Nullable Integer limit;

    @Override
    public void run() {
      if (pageSize < 1) {
        throw new UserError("--page-size must be at least 1, not " + pageSize);
      }
      try (Session session = new Session(cli.data())) {
        DirectoryEntry e = find(session, dn);
        Scope scope = scopeOf(e, nested);
        int n = 0;
        int pages = 0;
        try (PageCursor<ScopedUser> cursor = session.source().users(scope, pageSize)) {
          outer:
          while (cursor.hasNext()) {
            pages++;
            for (ScopedUser su : cursor.next()) {
              DirectoryUser u = su.user();
              cli.out.printf(
                  "%-20s %-30s %-34s %s%n",
                  u.loginName(),
                  nz(u.displayName()),
                  nz(u.email()),
                  u.enabled() ? "enabled" : "disabled");
              n++;
              if (limit != null && n >= limit) {
                break outer;
              }
            }
          }
          cli.out.printf(
              "%d users in %s (%s, %d page%s of up to %d)%s%n",
              n,
              e.dn(),
              scope.describe(),
              pages,
              pages == 1 ? "" : "s",
              pageSize,
              cursor.isComplete() ? "" : "; the read is INCOMPLETE: " + cursor.incompleteReason());
        }
      }
    }

    private static String nz(@Nullable String s) {
      return s == null ? "-" : s;
    }
  }

  /** The scope of an OU or group entry; a user is a {@link UserError}. */
  static Scope scopeOf(DirectoryEntry e, boolean recursive) {
    if (e instanceof Container c) {
      return Scope.container(c.id(), c.dn(), recursive);
    }
    if (e instanceof DirectoryGroup g) {
      return Scope.group(g.id(), g.dn(), recursive);
    }
    throw new UserError("'" + e.dn() + "' is a user, not an OU or a group");
  }
}
