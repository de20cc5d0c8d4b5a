package dev.umt.cli;

import dev.umt.cli.internal.Cli;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The {@code umt} command-line tool: {@code umt --help} lists its commands. Exit codes, for a
 * scheduler: {@link #OK} 0, {@link #FAILED} 1, {@link #BAD_INPUT} 2, {@link #HELD} 3, {@link
 * #COMPLETED_WITH_ERRORS} 4, {@link #AUTHENTICATION} 5, {@link #UNAVAILABLE} 6, {@link #STALE} 7.
 *
 * <pre>{@code
 * int exit = Umt.execute(new String[] {"status"}, System.in, System.out, System.err, System.getenv());
 * }</pre>
 */
public final class Umt {
  /** Done. */
  public static final int OK = 0;

  /** The run failed (a rule could not be read) or something unexpected went wrong. */
  public static final int FAILED = 1;

  /**
   * Bad input or configuration: an unknown option, a DN or rule that does not exist, a bad setting.
   */
  public static final int BAD_INPUT = 2;

  /** The run is held, waiting for approval ({@code umt approve PLAN-ID}). */
  public static final int HELD = 3;

  /** Applied, but some steps failed: see {@code umt report PLAN-ID}. */
  public static final int COMPLETED_WITH_ERRORS = 4;

  /** Credentials were refused or are missing: {@code umt login} or {@code umt connect} again. */
  public static final int AUTHENTICATION = 5;

  /** A server could not be reached or answered with a temporary failure: try again later. */
  public static final int UNAVAILABLE = 6;

  /** The plan to apply is stale: the directory or GoToMyPC moved on since it was made. */
  public static final int STALE = 7;

  private Umt() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.in, System.out, System.err, System.getenv()));
  }

  /**
   * Runs one command as the {@code umt} program would, reading {@code in} for prompts and writing
   * to {@code out} and {@code err}; {@code env} stands for the environment ({@code UMT_DATA},
   * {@code UMT_SECRET_KEY}, {@code UMT_SECRET_KEY_FILE}). Returns the exit code. Not thread-safe
   * across concurrent calls (logging is configured per call).
   */
  public static int execute(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return Cli.execute(args, in, out, err, env);
  }
}
