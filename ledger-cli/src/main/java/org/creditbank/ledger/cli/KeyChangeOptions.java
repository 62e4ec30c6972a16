package org.creditbank.ledger.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** The options both key statements share: whose key, and which. */
final class KeyChangeOptions {
  @Option(names = "--institution", paramLabel = "ID", required = true, description = "whose key")
  String institution;

  @Option(
      names = "--public-key",
      paramLabel = "DID",
      required = true,
      description = "the key, as a did:key")
  String key;

  /** Returns {@code {"institution", "key"}}, to which a revocation adds its reason. */
  ObjectNode body() {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("institution", institution);
    b.put("key", key);
    return b;
  }
}
