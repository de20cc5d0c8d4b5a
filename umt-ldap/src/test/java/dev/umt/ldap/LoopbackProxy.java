package dev.umt.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 the test controls: it forwards bytes both ways to a server until told to
 * {@link #cut()} every connection (a reset in the middle of whatever is in flight), to {@link
 * #stall()} (connections stay open and nothing more is forwarded, so the client's response timeout
 * fires), or to {@link #refuse()} new connections (a server that is down). Test-only.
 */
final class LoopbackProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final AtomicBoolean refusing = new AtomicBoolean();
  private final Thread acceptor;

  LoopbackProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (refusing.get()) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // Closed, or the server went away: the next accept decides.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  while (stalled.get() && !from.isClosed()) {
                    Thread.sleep(5);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // Cut or closed.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Resets every open connection now; later connections are forwarded again. */
  void cut() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
      } catch (IOException e) {
        // Already closed.
      }
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** Stops forwarding on every connection, open or new, until {@link #resume()}. */
  void stall() {
    stalled.set(true);
  }

  /** Forwards again. */
  void resume() {
    stalled.set(false);
  }

  /** Closes open connections and refuses new ones: the server looks down. */
  void refuse() {
    refusing.set(true);
    cut();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    resume();
    cut();
  }
}
