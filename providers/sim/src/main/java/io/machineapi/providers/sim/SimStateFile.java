package io.machineapi.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Optional persistence of the simulated cloud (provider config {@code stateFile=PATH}), so the cloud outlives the
 * controller process like a real one does: a controller killed between create and its status write finds its
 * instance again after a restart. JSON, rewritten atomically (temp file + rename) after every change, read once at
 * start. Not meant for sharing one file between two live processes.
 */
final class SimStateFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the file holds: the launch counter (instance ids stay unique) and every instance. */
  record Snapshot(long launched, List<SimInstance> instances) {}

  private final Path path;

  SimStateFile(Path path) {
    this.path = path;
  }

  Snapshot load() {
    if (!Files.exists(path)) {
      return new Snapshot(0, List.of());
    }
    try {
      JsonNode root = JSON.readTree(path.toFile());
      List<SimInstance> instances = new ArrayList<>();
      for (JsonNode i : root.path("instances")) {
        instances.add(new SimInstance(i.get("id").asText(), i.get("machineUid").asText(),
            i.get("machineName").asText(), i.get("instanceType").asText(), i.get("region").asText(),
            i.get("zone").asText(), i.get("privateIp").asText(), Instant.parse(i.get("launchedAt").asText()),
            Duration.parse(i.get("bootTime").asText()), i.get("userDataBytes").asInt(),
            i.hasNonNull("terminationRequestedAt")
                ? Optional.of(Instant.parse(i.get("terminationRequestedAt").asText())) : Optional.empty()));
      }
      return new Snapshot(root.path("launched").asLong(), instances);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("sim.stateFile " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  void save(long launched, Collection<SimInstance> instances) {
    ObjectNode root = JSON.createObjectNode();
    root.put("launched", launched);
    ArrayNode list = root.putArray("instances");
    for (SimInstance i : instances) {
      ObjectNode n = list.addObject();
      n.put("id", i.id());
      n.put("machineUid", i.machineUid());
      n.put("machineName", i.machineName());
      n.put("instanceType", i.instanceType());
      n.put("region", i.region());
      n.put("zone", i.zone());
      n.put("privateIp", i.privateIp());
      n.put("launchedAt", i.launchedAt().toString());
      n.put("bootTime", i.bootTime().toString());
      n.put("userDataBytes", i.userDataBytes());
      i.terminationRequestedAt().ifPresent(t -> n.put("terminationRequestedAt", t.toString()));
    }
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("sim.stateFile " + path + " cannot be written", e);
    }
  }
}
