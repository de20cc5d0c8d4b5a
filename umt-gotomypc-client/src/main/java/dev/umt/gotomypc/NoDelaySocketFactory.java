package dev.umt.gotomypc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The JDK's plain sockets with {@code TCP_NODELAY} set (Nagle's algorithm off), for OkHttp, which
 * leaves it on. With it on, a request body longer than one TCP segment (a create of 100 users is
 * about 10 KB) sends its last part only after the service acknowledged the first, and a peer that
 * delays its acknowledgements (Linux: up to 40 ms) adds that to every such request, and so to the
 * time each request holds its place in the client's pace. TLS sockets are layered over these, so
 * https connections get the option too.
 */
final class NoDelaySocketFactory extends SocketFactory {
  private final SocketFactory sockets = SocketFactory.getDefault();

  private static Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(sockets.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(sockets.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(sockets.createSocket(address, port, localAddress, localPort));
  }
}
