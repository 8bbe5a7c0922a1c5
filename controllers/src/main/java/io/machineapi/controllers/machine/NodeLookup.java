package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Optional;

/** Reads Nodes from the controller's Node cache (the Node event source's informer). */
interface NodeLookup {
  Optional<Node> byName(String name);

  List<Node> byIndex(String index, String key);
}
