package dev.umt.cli.internal;

import dev.umt.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * One terminal progress bar per phase of a run (read, plan, apply), drawn by the progressbar
 * library. Thread-safe.
 */
final class Progress implements ProgressListener, AutoCloseable {
  private final PrintStream out;
  private Phase phase;
  private @Nullable ProgressBar bar;
  private LineConsumer line;

  Progress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void onProgress(Phase p, long done, long total) {
    if (p != phase) {
      close();
      phase = p;
      line = new LineConsumer(out);
      bar =
          new ProgressBarBuilder()
              .setTaskName(label(p))
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(200)
              .continuousUpdate()
              .setConsumer(line)
              .build();
    }
    if (total >= 0 && total != bar.getMax()) {
      bar.maxHint(total);
    }
    bar.stepTo(done);
  }

  private static String label(Phase p) {
    return switch (p) {
      case READ_TARGET -> "read GoToMyPC";
      case READ_DIRECTORY -> "read directory";
      case PLAN -> "plan";
      case APPLY -> "apply";
    };
  }

  /**
   * The library's console consumer, except that nothing is drawn once the bar is closed: its
   * renderer thread may still be finishing a refresh then, which would put the bar after the final
   * newline and glue the next message (an error, say) to it.
   */
  private static final class LineConsumer implements ProgressBarConsumer {
    private final ConsoleProgressBarConsumer console;
    private boolean closed;

    LineConsumer(PrintStream out) {
      console = new ConsoleProgressBarConsumer(out, 100);
    }

    @Override
    public int getMaxRenderedLength() {
      return console.getMaxRenderedLength();
    }

    @Override
    public synchronized void accept(String rendered) {
      if (!closed) {
        console.accept(rendered);
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        console.close();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      line.close(); // ends the bar's line, whether or not the library's last refresh did
      bar = null;
    }
  }
}
