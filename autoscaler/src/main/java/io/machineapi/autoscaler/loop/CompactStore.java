package io.machineapi.autoscaler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer's item store that keeps, per object, only what the autoscaler reads: the value converted from the
 * object when it arrives (a {@code NodeInfo}, a {@code PodInfo}) plus the namespace, name, uid and resourceVersion
 * the informer itself needs. The full object is dropped, so a pass neither holds nor converts whole Pods and Nodes;
 * what the informer gets back from {@link #get} is a stub with just that metadata (fabric8's
 * {@code ReducedStateItemStore} works the same way, but converts every object to a map and back).
 *
 * <p>{@code onChange(old, new)} runs on the informer's thread right after a value is stored (old null when the object
 * is new), so whoever it wakes reads a cache that already holds the change. An object that cannot be converted is
 * kept as a stub without a value (logged) and left out of {@link #converted()}.
 */
final class CompactStore<T extends HasMetadata, V> implements ItemStore<T> {
  private static final Logger LOG = LoggerFactory.getLogger(CompactStore.class);

  private record Entry<V>(String namespace, String name, String uid, String resourceVersion, V value) {}

  private final ConcurrentHashMap<String, Entry<V>> items = new ConcurrentHashMap<>();
  private final Supplier<T> stub;
  private final Function<T, V> convert;
  private final BiConsumer<V, V> onChange;

  /**
   * @param stub a new, empty object of the type (its kind and apiVersion set)
   * @param convert what is kept of an object
   * @param onChange called with the previous value (or null) and the new one after each store
   */
  CompactStore(Supplier<T> stub, Function<T, V> convert, BiConsumer<V, V> onChange) {
    this.stub = stub;
    this.convert = convert;
    this.onChange = onChange;
  }

  /** The converted values of every object held. */
  List<V> converted() {
    List<V> out = new ArrayList<>(items.size());
    for (Entry<V> e : items.values()) {
      if (e.value() != null) {
        out.add(e.value());
      }
    }
    return out;
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    V value;
    try {
      value = convert.apply(obj);
    } catch (RuntimeException e) {
      LOG.warn("Autoscaler cache: {} {} left out (unreadable: {})", obj.getKind(), key, e.toString());
      value = null;
    }
    var meta = obj.getMetadata();
    Entry<V> old = items.put(key, new Entry<>(meta.getNamespace(), meta.getName(), meta.getUid(),
        meta.getResourceVersion(), value));
    if (value != null) {
      onChange.accept(old == null ? null : old.value(), value);
    }
    return stub(old);
  }

  @Override
  public T remove(String key) {
    return stub(items.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream().map(this::stub);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return stub(items.get(key));
  }

  @Override
  public boolean isFullState() {
    return false;
  }

  private T stub(Entry<V> e) {
    if (e == null) {
      return null;
    }
    T t = Objects.requireNonNull(stub.get());
    t.setMetadata(new ObjectMetaBuilder().withNamespace(e.namespace()).withName(e.name()).withUid(e.uid())
        .withResourceVersion(e.resourceVersion()).build());
    return t;
  }
}
