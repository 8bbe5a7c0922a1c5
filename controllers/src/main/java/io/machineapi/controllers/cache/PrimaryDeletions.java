package io.machineapi.controllers.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells a controller that one of its primaries was deleted, so it can drop what it keeps in memory about it (backoff,
 * metric series, write spacing). JOSDK reconciles a deleted primary only with a finalizer or when asked for every
 * event; this event source is told of every primary event by the controller ({@link ResourceEventAware}) and
 * produces no events itself.
 */
public final class PrimaryDeletions<P extends HasMetadata> extends AbstractEventSource<P, P>
    implements ResourceEventAware<P> {
  private final Consumer<P> onDeleted;

  public PrimaryDeletions(Class<P> type, String name, Consumer<P> onDeleted) {
    super(type, name);
    this.onDeleted = onDeleted;
  }

  @Override
  public void onResourceDeleted(P resource) {
    onDeleted.accept(resource);
  }

  @Override
  public Set<P> getSecondaryResources(P primary) {
    return Set.of();
  }
}
