package dev.umt.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The CLI's logging: a rolling file {@code logs/umt.log} in the data folder (10 MB a file, 14 days,
 * 100 MB in all) at INFO ({@code --debug}: DEBUG); the console shows log lines only with {@code
 * --verbose} (INFO) or {@code --debug} (DEBUG), on standard error.
 */
final class Logging {
  private Logging() {}

  static void start(Path logFile, boolean verbose, boolean debug, PrintStream console) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(debug ? Level.DEBUG : Level.INFO);
    // Chatty libraries stay at WARN unless --debug.
    if (!debug) {
      ctx.getLogger("com.unboundid").setLevel(Level.WARN);
      ctx.getLogger("okhttp3").setLevel(Level.WARN);
    }

    PatternLayoutEncoder fileEncoder =
        encoder(ctx, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(ctx);
    file.setName("file");
    file.setFile(logFile.toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(file);
    policy.setFileNamePattern(logFile.resolveSibling("umt.%d{yyyy-MM-dd}.%i.log").toString());
    policy.setMaxFileSize(FileSize.valueOf("10MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("100MB"));
    policy.start();
    file.setRollingPolicy(policy);
    file.setEncoder(fileEncoder);
    file.start();
    root.addAppender(file);

    if (verbose || debug) {
      OutputStreamAppender<ILoggingEvent> con = new OutputStreamAppender<>();
      con.setContext(ctx);
      con.setName("console");
      con.setEncoder(encoder(ctx, "%-5level %logger{20} - %msg%n"));
      con.setOutputStream(
          new java.io.FilterOutputStream(console) {
            @Override
            public void close() {
              console.flush();
            }
          });
      con.start();
      root.addAppender(con);
    }
  }

  static void stop() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
  }

  private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(pattern);
    e.start();
    return e;
  }
}
