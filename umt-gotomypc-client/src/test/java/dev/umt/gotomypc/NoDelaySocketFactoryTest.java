package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The client's sockets turn Nagle's algorithm off, so a request body of more than one segment does
 * not wait for the service's delayed acknowledgement.
 */
class NoDelaySocketFactoryTest {
  @Test
  void everySocketItMakesHasTcpNoDelay() throws Exception {
    NoDelaySocketFactory factory = new NoDelaySocketFactory();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 5, loopback);
        Socket unconnected = factory.createSocket();
        Socket byName = factory.createSocket("127.0.0.1", server.getLocalPort());
        Socket byAddress = factory.createSocket(loopback, server.getLocalPort());
        Socket fromLocal = factory.createSocket(loopback, server.getLocalPort(), loopback, 0);
        Socket fromLocalByName =
            factory.createSocket("127.0.0.1", server.getLocalPort(), loopback, 0)) {
      assertThat(
              java.util.List.of(unconnected, byName, byAddress, fromLocal, fromLocalByName).stream()
                  .map(NoDelaySocketFactoryTest::noDelay))
          .containsOnly(true);
    }
  }

  private static boolean noDelay(Socket s) {
    try {
      return s.getTcpNoDelay();
    } catch (java.net.SocketException e) {
      throw new AssertionError(e);
    }
  }
}
