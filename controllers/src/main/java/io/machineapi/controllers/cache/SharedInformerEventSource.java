package io.machineapi.controllers.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/**
 * One controller's view of a {@link SharedInformer}: maps each change of a cached object to that controller's
 * primaries and wakes them, like JOSDK's {@code InformerEventSource} but without a cache of its own. The filters of
 * {@link AbstractEventSource} apply. Reads go to the {@link SharedInformer} directly (not through the
 * {@code Context}, which only knows JOSDK's own caches).
 */
public final class SharedInformerEventSource<R extends HasMetadata, P extends HasMetadata>
    extends AbstractEventSource<R, P> implements ResourceEventHandler<R> {
  private final SharedInformer<R> informer;
  private final SecondaryToPrimaryMapper<R> mapper;

  public SharedInformerEventSource(Class<R> type, String name, SharedInformer<R> informer,
      SecondaryToPrimaryMapper<R> mapper) {
    super(type, name);
    this.informer = informer;
    this.mapper = mapper;
  }

  public SharedInformer<R> informer() {
    return informer;
  }

  @Override
  public void start() throws OperatorException {
    super.start();
    informer.addHandler(this);
  }

  @Override
  public void stop() throws OperatorException {
    informer.removeHandler(this);
    super.stop();
  }

  @Override
  public void onAdd(R resource) {
    if ((onAddFilter == null || onAddFilter.accept(resource)) && generic(resource)) {
      propagate(resource);
    }
  }

  @Override
  public void onUpdate(R oldResource, R newResource) {
    if ((onUpdateFilter == null || onUpdateFilter.accept(newResource, oldResource)) && generic(newResource)) {
      propagate(newResource);
    }
  }

  @Override
  public void onDelete(R resource, boolean deletedFinalStateUnknown) {
    if ((onDeleteFilter == null || onDeleteFilter.accept(resource, deletedFinalStateUnknown))
        && generic(resource)) {
      propagate(resource);
    }
  }

  private boolean generic(R resource) {
    return genericFilter == null || genericFilter.accept(resource);
  }

  private void propagate(R resource) {
    if (!isRunning()) {
      return;
    }
    for (ResourceID primary : mapper.toPrimaryResourceIDs(resource)) {
      getEventHandler().handleEvent(new Event(primary));
    }
  }

  /** Not kept: look secondaries up in {@link #informer()} by name or index. */
  @Override
  public Set<R> getSecondaryResources(P primary) {
    throw new UnsupportedOperationException(name() + " keeps no primary-to-secondary index; read "
        + informer + " instead");
  }
}
