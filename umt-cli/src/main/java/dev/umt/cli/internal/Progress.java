package dev.umt.cli.internal;

import dev.umt.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One terminal progress bar per phase of a run (read, plan, apply), drawn by the progressbar library. Thread-safe. */
final class Progress implements ProgressListener, AutoCloseable {
  private final PrintStream out;
  private Phase phase;
  private ProgressBar bar;

  Progress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void onProgress(Phase p, long done, long total) {
    if (p != phase) {
      close();
      phase = p;
      bar = new ProgressBarBuilder().setTaskName(label(p)).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(200).continuousUpdate().setConsumer(new ConsoleProgressBarConsumer(out, 100)).build();
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

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
