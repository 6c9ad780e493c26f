package io.raylog.sink.history;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ray node id of a node, read from the first lines of its raylet's log ({@code logs/raylet.out}), as the
 * History Server names node directories: 56 lowercase hex digits. The sidecar asks the dashboard instead
 * ({@code GET /api/v0/nodes}, the node whose IP is the pod's, converted from base64 to hex); the raylet writes the
 * same id into its log when it starts, before any worker runs, so raylog never calls the dashboard. The lines, in
 * the order tried (Ray 2.x, newest first; each names this node's id and no other):
 *
 * <pre>
 * … (raylet) main.cc:…: Setting node ID node_id=&lt;id&gt;
 * … (raylet) node_manager.cc:…: Initializing NodeManager node_id=&lt;id&gt;
 * … (raylet) raylet.cc:…: Raylet of id, &lt;id&gt; started. …
 * </pre>
 *
 * Lines like {@code Received notification for node … node_id=} name other nodes and are never taken. Pure.
 */
public final class NodeIds {
  /** How much of {@code raylet.out} is read to find the id: it is in the first few lines. */
  public static final int HEAD_BYTES = 64 * 1024;

  private static final List<Pattern> RULES = List.of(
      Pattern.compile("Setting node ID node_id=([0-9a-f]{56})\\b"),
      Pattern.compile("Initializing NodeManager node_id=([0-9a-f]{56})\\b"),
      Pattern.compile("Raylet of id, ([0-9a-f]{56}) started"));

  private NodeIds() {}

  /** The node id the first bytes of a {@code raylet.out} give; empty when they give none (yet). */
  public static Optional<String> fromRayletLog(byte[] head, int length) {
    String text = new String(head, 0, length, StandardCharsets.ISO_8859_1); // ids are ASCII; any byte decodes
    for (Pattern rule : RULES) {
      Matcher matcher = rule.matcher(text);
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }
}
