package com.procurementcache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP proxy on loopback in front of the suite's PostgreSQL, owned by a test: a node pointed at it
 * sees the database go away and come back while the shared PostgreSQL keeps running for everyone
 * else. {@link Mode#FORWARD} passes bytes both ways; {@link Mode#REFUSE} acts as a stopped server
 * (every open connection is cut, every new one closed at once); {@link Mode#BLACK_HOLE} acts as an
 * unreachable host (connections are accepted and open ones kept, but no byte passes any more).
 */
public final class DatabaseProxy implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DatabaseProxy.class.getName());

  /** What the proxy does with connections. */
  public enum Mode {
    FORWARD,
    REFUSE,
    BLACK_HOLE
  }

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile Mode mode = Mode.FORWARD;

  private DatabaseProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    this.acceptor = new Thread(this::accept, "database-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  /** A proxy on a free loopback port, forwarding to {@code host:port}. */
  public static DatabaseProxy to(String host, int port) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DatabaseProxy proxy = new DatabaseProxy(server, new InetSocketAddress(host, port));
    proxy.acceptor.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Switches the mode; REFUSE cuts every connection open now. */
  public void mode(Mode next) {
    mode = next;
    if (next == Mode.REFUSE) {
      open.forEach(DatabaseProxy::closeQuietly);
      open.clear();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Mode now = mode;
      if (now == Mode.REFUSE) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      if (now == Mode.BLACK_HOLE) {
        continue; // held open, never answered
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "database proxy: upstream unreachable", e);
        closeQuietly(client);
      }
    }
  }

  /** Copies {@code from} to {@code to} while the mode is FORWARD; stalls while it is BLACK_HOLE. */
  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  while (mode == Mode.BLACK_HOLE) {
                    Thread.sleep(50);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // cut by REFUSE or by either end
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "database-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(DatabaseProxy::closeQuietly);
  }
}
