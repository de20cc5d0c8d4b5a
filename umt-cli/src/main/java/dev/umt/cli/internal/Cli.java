package dev.umt.cli.internal;

import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.StaleApprovalException;
import dev.umt.TemporaryFailureException;
import dev.umt.UmtException;
import dev.umt.cli.Umt;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * One execution of the {@code umt} program: its streams, environment, global options and the data
 * folder. Commands get it through their constructor (see {@link #factory()}).
 */
public final class Cli {
  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  private final BufferedReader in;
  @Nullable Path dataOption;
  boolean verbose;
  boolean debug;
  private @Nullable DataFolder data;
  private boolean systemIn;

  /**
   * Opens the sign-in address: by default nothing (the address is printed); the demo follows it
   * itself.
   */
  java.util.function.Consumer<java.net.URI> browser = uri -> {};

  private Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
  }

  /** See {@link Umt#execute}. */
  public static int execute(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return execute(args, in, out, err, env, null);
  }

  /**
   * Like {@link #execute(String[], InputStream, PrintStream, PrintStream, Map)}, with {@code
   * browser} opening the sign-in address of {@code login}.
   */
  static int execute(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      java.util.function.@Nullable Consumer<java.net.URI> browser) {
    Cli cli = new Cli(in, out, err, env);
    cli.systemIn = in == System.in;
    if (browser != null) {
      cli.browser = browser;
    }
    CommandLine cmd = new CommandLine(UmtCommand.class, cli.factory());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    cmd.setParameterExceptionHandler(
        (ex, a) -> {
          String name = ex.getCommandLine().getCommandName();
          String path =
              ex.getCommandLine() == cmd ? "umt" : "umt " + qualified(ex.getCommandLine());
          err.println(path + ": " + ex.getMessage() + " (see '" + path + " --help')");
          return Umt.BAD_INPUT;
        });
    cmd.setExecutionStrategy(
        parseResult -> {
          if (parseResult.subcommand() != null
              && parseResult.subcommand().commandSpec().name().equals("demo")
              && cli.dataOption == null) {
            cli.dataOption =
                DemoCommand.DEFAULT_FOLDER; // never the real data folder, even with UMT_DATA set
          }
          cli.startLogging();
          return new CommandLine.RunLast().execute(parseResult);
        });
    cmd.setExecutionExceptionHandler((ex, c, parseResult) -> cli.fail(ex));
    try {
      return cmd.execute(args);
    } catch (RuntimeException | Error e) {
      return cli.fail(e); // an Error (or what picocli lets through) gets the same one line
    } finally {
      Logging.stop();
    }
  }

  private static String qualified(CommandLine c) {
    StringBuilder b = new StringBuilder(c.getCommandName());
    for (CommandLine p = c.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
      b.insert(0, p.getCommandName() + " ");
    }
    return b.toString();
  }

  /**
   * One line for the user (the trace too with --debug), the trace in the log, and the exit code.
   */
  int fail(Throwable ex) {
    int code = exitCode(ex);
    String message = message(ex);
    LoggerFactory.getLogger("umt").error("{}", message, ex);
    err.println("umt: " + message);
    if (debug) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
    return code;
  }

  static String message(Throwable ex) {
    if (ex instanceof dev.umt.rules.RuleSetException r) {
      return r.origin() + ": " + String.join("; ", r.problems());
    }
    if (ex instanceof dev.umt.rules.OptionsException o) {
      return o.origin() + ": " + String.join("; ", o.problems());
    }
    String m =
        ex.getMessage() == null ? null : ex.getMessage().strip().replaceAll("\\s*\\n\\s*", "; ");
    if (ex instanceof UmtException
        || ex instanceof IllegalArgumentException
        || ex instanceof UserError) {
      return m;
    }
    if (ex instanceof UncheckedIOException u) {
      return u.getMessage();
    }
    return ex.getClass().getSimpleName()
        + (m == null ? "" : ": " + m)
        + " (run with --debug for details; the log has the trace)";
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof UserError u) {
      return u.exitCode();
    }
    if (ex instanceof StaleApprovalException) {
      return Umt.STALE;
    }
    if (ex instanceof AuthenticationException) {
      return Umt.AUTHENTICATION;
    }
    if (ex instanceof TemporaryFailureException) {
      return Umt.UNAVAILABLE;
    }
    if (ex instanceof ConfigurationException
        || ex instanceof IllegalArgumentException
        || ex instanceof UmtException) {
      return Umt.BAD_INPUT;
    }
    return Umt.FAILED;
  }

  private void startLogging() {
    Logging.start(data().logFile(), verbose, debug, err);
  }

  /** The data folder: {@code --data}, else {@code UMT_DATA}, else {@code ~/.umt}. */
  DataFolder data() {
    if (data == null) {
      Path p =
          dataOption != null
              ? dataOption
              : env.get("UMT_DATA") != null && !env.get("UMT_DATA").isBlank()
                  ? Path.of(env.get("UMT_DATA"))
                  : Path.of(System.getProperty("user.home"), ".umt");
      data = new DataFolder(p.toAbsolutePath().normalize(), env, err);
    }
    return data;
  }

  /** A line typed by the user, or null at the end of the input. */
  @Nullable String readLine(String prompt) {
    out.print(prompt);
    out.flush();
    try {
      return in.readLine();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot read the answer: " + e.getMessage(), e);
    }
  }

  /** The 0-based index of the answer {@code 1..size}; anything else is a {@link UserError}. */
  static int chosen(@Nullable String answer, int size) {
    String a = answer == null ? "" : answer.strip();
    try {
      int n = Integer.parseInt(a);
      if (n >= 1 && n <= size) {
        return n - 1;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError("'" + a + "' is not a number from 1 to " + size);
  }

  /**
   * A secret typed by the user without echo where there is a console; null at the end of the input.
   */
  char @Nullable [] readSecret(String prompt) {
    java.io.Console console = System.console();
    if (console != null && systemIn) {
      return console.readPassword("%s", prompt);
    }
    String line = readLine(prompt);
    return line == null ? null : line.toCharArray();
  }

  CommandLine.IFactory factory() {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        for (Constructor<?> c : cls.getDeclaredConstructors()) {
          if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Cli.class) {
            c.setAccessible(true);
            return cls.cast(c.newInstance(Cli.this));
          }
        }
        return fallback.create(cls);
      }
    };
  }
}
