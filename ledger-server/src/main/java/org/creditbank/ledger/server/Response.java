package org.creditbank.ledger.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.creditbank.ledger.Views;

/**
 * What a handler answers: a status, a content type, extra headers, and either a body of known
 * length or a body written as it is produced (chunked). Immutable; a class rather than a record so
 * that it may hold the body's bytes without copying them.
 */
final class Response {
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";
  static final String PROBLEM = "application/problem+json";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String OCTETS = "application/octet-stream";

  /** Writes a body of unknown length. */
  @FunctionalInterface
  interface Streamer {
    void writeTo(OutputStream out) throws Exception;
  }

  private final int status;
  private final String contentType;
  private final Map<String, String> headers;
  private final byte[] body;
  private final Streamer streamer;

  private Response(
      int status, String contentType, Map<String, String> headers, byte[] body, Streamer s) {
    this.status = status;
    this.contentType = contentType;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.streamer = s;
  }

  static Response json(int status, JsonNode view) {
    return bytes(status, JSON, Views.write(view) + "\n");
  }

  static Response bytes(int status, String contentType, String body) {
    return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  static Response bytes(int status, String contentType, byte[] body) {
    return new Response(status, contentType, Map.of(), body, null);
  }

  static Response stream(int status, String contentType, Streamer s) {
    return new Response(status, contentType, Map.of(), null, s);
  }

  Response withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, contentType, h, body, streamer);
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** The body, or null for a streamed response; the caller must not change it. */
  byte[] body() {
    return body;
  }

  /** The streamer, or null for a body of known length. */
  Streamer streamer() {
    return streamer;
  }
}
