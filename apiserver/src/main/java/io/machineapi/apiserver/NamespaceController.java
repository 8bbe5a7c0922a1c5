package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace controller: for every terminating Namespace it deletes every object stored in it, of every kind
 * (background propagation, through the store's normal delete path, so finalizers hold objects until their
 * controllers remove them), keeps the namespace's deletion conditions as kube's namespace controller words them,
 * and once nothing is left removes the {@code kubernetes} finalizer from {@code spec.finalizers}, which deletes the
 * namespace unless other finalizers remain.
 *
 * <p>Event-driven ({@link #signal()} after writes; a pass runs only while a namespace is known to be terminating)
 * plus a periodic safety sweep over all namespaces, on one daemon thread; it talks to the {@link Store} directly,
 * never to the server over HTTP.
 */
final class NamespaceController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);
  private static final Duration SETTLE = Duration.ofMillis(50);
  private static final List<String> CONDITIONS = List.of("NamespaceDeletionDiscoveryFailure",
      "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure", "NamespaceContentRemaining",
      "NamespaceFinalizersRemaining");

  private final Store store;
  private final Duration safetySweep;
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile boolean terminating;
  private volatile boolean running = true;
  private Thread thread;

  NamespaceController(Store store, Duration safetySweep) {
    this.store = store;
    this.safetySweep = safetySweep;
  }

  void start() {
    thread = new Thread(this::run, "apiserver-namespace-controller");
    thread.setDaemon(true);
    thread.start();
  }

  /** Something was written: pass soon if a namespace is terminating. Never blocks. */
  void signal() {
    if (terminating && wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  /** A namespace started terminating: pass soon. */
  void terminationStarted() {
    terminating = true;
    signal();
  }

  private void run() {
    while (running) {
      try {
        if (wakeUp.tryAcquire(safetySweep.toMillis(), TimeUnit.MILLISECONDS)) {
          Thread.sleep(SETTLE.toMillis());
        }
        wakeUp.drainPermits();
        sweep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("namespace controller pass failed", e);
      }
    }
  }

  /** One pass over the terminating namespaces; returns how many it deleted completely. */
  int sweep() {
    int finished = 0;
    boolean anyLeft = false;
    for (ObjectNode namespace : store.list(Namespaces.COLLECTION)) {
      if (!namespace.path("metadata").hasNonNull("deletionTimestamp")) {
        continue;
      }
      if (finish(namespace.path("metadata").path("name").asText())) {
        finished++;
      } else {
        anyLeft = true;
      }
    }
    terminating = anyLeft;
    return finished;
  }

  /** Deletes what is left in the namespace; returns true once the namespace itself is gone. */
  private boolean finish(String name) {
    List<String> paths = store.objectPathsIn(name);
    Map<String, Integer> remaining = new TreeMap<>();
    Map<String, Integer> finalizers = new TreeMap<>();
    for (String path : paths) {
      Optional<ObjectNode> object = store.locked(() -> {
        Optional<ObjectNode> current = store.get(path);
        if (current.isPresent() && !current.get().path("metadata").hasNonNull("deletionTimestamp")) {
          Propagation.BACKGROUND.delete(store, path);
          return store.get(path);
        }
        return current;
      });
      if (object.isPresent()) {
        remaining.merge(groupResource(path), 1, Integer::sum);
        object.get().path("metadata").path("finalizers").forEach(f -> finalizers.merge(f.asText(), 1, Integer::sum));
      }
    }
    if (remaining.isEmpty() && store.objectPathsIn(name).isEmpty()) {
      return removeKubernetesFinalizer(name);
    }
    updateConditions(name, remaining, finalizers);
    return false;
  }

  private boolean removeKubernetesFinalizer(String name) {
    return store.locked(() -> {
      Optional<ObjectNode> current = store.get(Namespaces.objectPath(name));
      if (current.isEmpty()) {
        return true;
      }
      ObjectNode updated = current.get().deepCopy();
      ObjectNode spec = (ObjectNode) updated.path("spec");
      if (spec.get("finalizers") instanceof ArrayNode list) {
        list.removeIf(f -> f.asText().equals(Namespaces.KUBERNETES_FINALIZER));
        if (list.isEmpty()) {
          spec.remove("finalizers");
        }
      }
      store.replace(Namespaces.objectPath(name), updated);
      LOG.debug("namespace {} finalized", name);
      return store.get(Namespaces.objectPath(name)).isEmpty();
    });
  }

  /** Sets the deletion conditions a real namespace controller sets, when they changed. */
  private void updateConditions(String name, Map<String, Integer> remaining, Map<String, Integer> finalizers) {
    String content = remaining.entrySet().stream().map(e -> e.getKey() + " has " + e.getValue()
        + " resource instances").collect(Collectors.joining(", "));
    String held = finalizers.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue()
        + " resource instances").collect(Collectors.joining(", "));
    List<String[]> wanted = new ArrayList<>();
    wanted.add(new String[] {"False", "ResourcesDiscovered", "All resources successfully discovered"});
    wanted.add(new String[] {"False", "ParsedGroupVersions", "All legacy kube types successfully parsed"});
    wanted.add(new String[] {"False", "ContentDeleted",
        "All content successfully deleted, may be waiting on finalization"});
    wanted.add(remaining.isEmpty() ? new String[] {"False", "ContentRemoved", "All content successfully removed"}
        : new String[] {"True", "SomeResourcesRemain", "Some resources are remaining: " + content});
    wanted.add(finalizers.isEmpty()
        ? new String[] {"False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"}
        : new String[] {"True", "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + held});
    store.locked(() -> {
      Optional<ObjectNode> current = store.get(Namespaces.objectPath(name));
      if (current.isEmpty()) {
        return null;
      }
      ObjectNode updated = current.get().deepCopy();
      ObjectNode status = updated.get("status") instanceof ObjectNode s ? s : updated.putObject("status");
      JsonNode before = status.path("conditions").deepCopy();
      ArrayNode conditions = status.putArray("conditions");
      String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      for (int i = 0; i < CONDITIONS.size(); i++) {
        String[] w = wanted.get(i);
        JsonNode previous = find(before, CONDITIONS.get(i));
        boolean same = previous != null && previous.path("status").asText().equals(w[0]);
        conditions.addObject().put("type", CONDITIONS.get(i)).put("status", w[0])
            .put("lastTransitionTime", same ? previous.path("lastTransitionTime").asText(now) : now)
            .put("reason", w[1]).put("message", w[2]);
      }
      if (!conditions.equals(before)) {
        // The main path: fabric8 reads .../namespaces/x/status as a collection "status" in namespace x.
        store.replace(Namespaces.objectPath(name), updated);
      }
      return null;
    });
  }

  private static JsonNode find(JsonNode conditions, String type) {
    for (JsonNode condition : conditions) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return null;
  }

  /** {@code configmaps} or {@code widgets.example.com} of a main-resource path. */
  private static String groupResource(String path) {
    return ResourcePath.parse(path).map(ResourcePath::groupResource).orElse(path);
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
