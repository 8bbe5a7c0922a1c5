package io.machineapi.providers.aws;

import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The instances this process has sent TerminateInstances for, and their rechecks batched. A scale-down deletes many
 * Machines at once, and the controller asks again about each after the same delay. Each recheck arriving within a
 * short window joins one DescribeInstances filtered on {@code instance-id}, so a recheck costs a fraction of a
 * request instead of a second TerminateInstances per Machine. A filter, unlike an id list, does not fail the whole
 * request for one unknown id. In memory: after a restart the first delete terminates again, which is idempotent.
 */
final class TerminationChecks implements AutoCloseable {
  private record Pending(String instanceId, CompletableFuture<Map<String, Instance>> answer) {}

  private final Ec2Calls calls;
  private final Duration window;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final Map<Ec2Client, List<Pending>> queued = new HashMap<>();
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "aws-termination-checks");
    t.setDaemon(true);
    return t;
  });

  TerminationChecks(Ec2Calls calls, Duration window) {
    this.calls = calls;
    this.window = window;
  }

  void sent(String instanceId) {
    sent.add(instanceId);
  }

  boolean wasSent(String instanceId) {
    return sent.contains(instanceId);
  }

  void forget(String instanceId) {
    sent.remove(instanceId);
  }

  /** The instance as EC2 describes it now (empty once EC2 no longer knows it), in the next batch of its client. */
  Optional<Instance> check(Ec2Client ec2, String instanceId) throws ProviderException {
    CompletableFuture<Map<String, Instance>> answer = new CompletableFuture<>();
    boolean full;
    synchronized (this) {
      List<Pending> batch = queued.computeIfAbsent(ec2, k -> new ArrayList<>());
      if (batch.isEmpty()) {
        flusher.schedule(() -> flush(ec2), window.toNanos(), TimeUnit.NANOSECONDS);
      }
      batch.add(new Pending(instanceId, answer));
      full = batch.size() >= AwsMachineProvider.FILTER_VALUES;
    }
    if (full) {
      flusher.execute(() -> flush(ec2));
    }
    try {
      return Optional.ofNullable(answer.get().get(instanceId));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientProviderException(TransientProviderException.Reason.OTHER, "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProviderException p) {
        throw p;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void flush(Ec2Client ec2) {
    List<Pending> batch;
    synchronized (this) {
      batch = queued.remove(ec2);
    }
    if (batch == null || batch.isEmpty()) {
      return;
    }
    try {
      List<String> ids = batch.stream().map(Pending::instanceId).distinct().toList();
      Map<String, Instance> found = calls.run(() -> {
        Map<String, Instance> out = new HashMap<>();
        ec2.describeInstancesPaginator(b -> b.filters(Filter.builder().name("instance-id").values(ids).build())
            .maxResults(AwsMachineProvider.PAGE_SIZE)).forEach(page -> page.reservations()
            .forEach(r -> r.instances().forEach(i -> out.put(i.instanceId(), i))));
        return out;
      }, false);
      batch.forEach(p -> p.answer().complete(found));
    } catch (ProviderException | RuntimeException e) {
      batch.forEach(p -> p.answer().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
  }
}
