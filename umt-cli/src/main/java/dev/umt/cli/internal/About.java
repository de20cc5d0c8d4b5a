package dev.umt.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "about",
    mixinStandardHelpOptions = true,
    description = {"Version, log file, data folder, install location and Java.", ""})
final class About implements Runnable {
  private final Cli cli;

  About(Cli cli) {
    this.cli = cli;
  }

  static String version() {
    String v = About.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  static Path installLocation() {
    try {
      return Path.of(About.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath();
    } catch (Exception e) {
      return Path.of("unknown");
    }
  }

  @Override
  public void run() {
    DataFolder d = cli.data();
    cli.out.println("umt " + version());
    cli.out.println("data folder:  " + d.root());
    cli.out.println("log file:     " + d.logFile());
    cli.out.println(
        "secrets:      "
            + d.secrets().file()
            + (d.secrets().encrypted()
                ? " (encrypted, AES-GCM)"
                : " (NOT encrypted: set UMT_SECRET_KEY or UMT_SECRET_KEY_FILE)"));
    cli.out.println("installed at: " + installLocation());
    cli.out.println(
        "java:         "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ") at "
            + System.getProperty("java.home"));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"umt " + version(), "Java " + System.getProperty("java.version")};
    }
  }
}
