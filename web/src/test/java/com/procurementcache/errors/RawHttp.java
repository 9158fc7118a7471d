package com.procurementcache.errors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for the requests {@link java.net.http.HttpClient} refuses to send:
 * a request line or header exactly as given (bad escapes, unknown methods, a body on any method).
 * One request per connection ({@code Connection: close}); the answer is read to the end.
 */
final class RawHttp {

  /** An answer: its status, its headers (names in lower case) and its body. */
  record Answer(int status, Map<String, String> headers, String body) {

    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  private final String host;
  private final int port;

  RawHttp(URL base) {
    this.host = base.getHost();
    this.port = base.getPort();
  }

  /**
   * Sends {@code requestLine} (without CRLF), the given header lines, {@code Host}, {@code
   * Connection: close} and {@code Content-Length} when there is a body.
   */
  Answer send(String requestLine, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\n");
    head.append("Host: ").append(host).append(':').append(port).append("\r\n");
    head.append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(requestLine, e);
    }
  }

  private static Answer parse(byte[] bytes) throws IOException {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Answer(0, Map.of(), all);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] rest = all.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    boolean chunked =
        headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
    byte[] body = chunked ? dechunk(new java.io.ByteArrayInputStream(rest)) : rest;
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          size.append((char) c);
        }
      }
      String hex = size.toString().split(";")[0].trim();
      if (c == -1 || hex.isEmpty()) {
        return body.toByteArray();
      }
      int length = Integer.parseInt(hex, 16);
      if (length == 0) {
        return body.toByteArray();
      }
      body.write(in.readNBytes(length));
      in.readNBytes(2);
    }
  }
}
