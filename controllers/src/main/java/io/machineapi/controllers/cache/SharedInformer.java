package io.machineapi.controllers.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One cache of a resource type for every controller of the operator: a fabric8 informer (one per watched namespace,
 * or one for all namespaces) whose store keeps each object {@link CachePruning pruned} and whose indexes are fixed
 * when it is created. Controllers see it through {@link SharedInformerEventSource}s; it starts with the first of them
 * and stops with the last, so a restarted operator starts it again.
 *
 * <p>Event handlers receive the object as the API sent it for the new state and the stored (pruned) copy as the
 * old state of an update: an update filter must only compare fields the pruning keeps.
 */
public final class SharedInformer<T extends HasMetadata> {
  /** How long the first user waits for the initial list, as JOSDK's default cache sync timeout. */
  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  private final String name;
  private final Function<String, SharedIndexInformer<T>> factory;
  private final List<String> namespaces;
  private final Map<String, Function<T, List<String>>> indexers;
  private final UnaryOperator<T> prune;
  private volatile List<SharedIndexInformer<T>> informers = List.of();
  private final List<ResourceEventHandler<? super T>> handlers = new ArrayList<>();

  /**
   * @param name for messages ({@code nodes}, {@code machines})
   * @param factory a not yet started informer for one namespace, or for all namespaces when given null
   * @param namespaces the namespaces to watch; empty = all namespaces (and cluster-scoped types)
   * @param indexers the cache's indexes, by name
   * @param prune drops what no reader needs from an object before it is stored (it may change the object)
   */
  SharedInformer(String name, Function<String, SharedIndexInformer<T>> factory, List<String> namespaces,
      Map<String, Function<T, List<String>>> indexers, UnaryOperator<T> prune) {
    this.name = name;
    this.factory = factory;
    this.namespaces = List.copyOf(namespaces);
    this.indexers = Map.copyOf(indexers);
    this.prune = prune;
  }

  /**
   * Adds a handler: it receives every object already cached as an add, then every change. The first handler starts
   * the informers and waits for their initial lists.
   */
  synchronized void addHandler(ResourceEventHandler<? super T> handler) {
    if (handlers.isEmpty()) {
      start();
    }
    handlers.add(handler);
    informers.forEach(informer -> informer.addEventHandler(handler));
  }

  /** Removes a handler; removing the last one stops the informers and drops the cache. */
  synchronized void removeHandler(ResourceEventHandler<? super T> handler) {
    if (!handlers.remove(handler)) {
      return;
    }
    informers.forEach(informer -> informer.removeEventHandler(handler));
    if (handlers.isEmpty()) {
      informers.forEach(SharedIndexInformer::stop);
      informers = List.of();
    }
  }

  private void start() {
    List<SharedIndexInformer<T>> started = new ArrayList<>();
    try {
      for (String namespace : namespaces.isEmpty() ? java.util.Collections.<String>singletonList(null) : namespaces) {
        SharedIndexInformer<T> informer = factory.apply(namespace);
        informer.itemStore(new TransformingItemStore<>(prune));
        informer.addIndexers(indexers);
        started.add(informer);
        informer.start().toCompletableFuture().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.forEach(SharedIndexInformer::stop);
      throw new OperatorException("Interrupted while starting the shared " + name + " informer", e);
    } catch (ExecutionException | TimeoutException e) {
      started.forEach(SharedIndexInformer::stop);
      throw new OperatorException("The shared " + name + " informer did not sync within " + SYNC_TIMEOUT, e);
    }
    informers = List.copyOf(started);
  }

  /** Whether the informers run (some controller uses this cache). */
  public boolean isRunning() {
    return !informers.isEmpty();
  }

  /** The cached object, if any. */
  public Optional<T> get(ResourceID id) {
    String key = id.getNamespace().map(ns -> Cache.namespaceKeyFunc(ns, id.getName())).orElse(id.getName());
    for (SharedIndexInformer<T> informer : current()) {
      T found = informer.getStore().getByKey(key);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** Cached objects whose index {@code index} has {@code key}. */
  public List<T> byIndex(String index, String key) {
    List<SharedIndexInformer<T>> current = current();
    if (current.size() == 1) {
      return current.get(0).getIndexer().byIndex(index, key);
    }
    return current.stream().flatMap(informer -> informer.getIndexer().byIndex(index, key).stream()).toList();
  }

  /** Cached objects of {@code namespace} that pass {@code filter}. */
  public Stream<T> list(String namespace, Predicate<T> filter) {
    return current().stream().flatMap(informer -> informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)
        .stream()).filter(filter);
  }

  /** Every cached object that passes {@code filter}. */
  public Stream<T> list(Predicate<T> filter) {
    return current().stream().flatMap(informer -> informer.getStore().list().stream()).filter(filter);
  }

  private List<SharedIndexInformer<T>> current() {
    return informers;
  }

  @Override
  public String toString() {
    return "SharedInformer[" + name + (namespaces.isEmpty() ? "" : " in " + namespaces) + "]";
  }
}
