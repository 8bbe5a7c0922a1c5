package io.machineapi.providers.aws;

import io.machineapi.spi.Batcher;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The instances this process has sent TerminateInstances for, and their rechecks batched. A scale-down deletes many
 * Machines at once, and the controller asks again about each after the same delay. Each recheck arriving within a
 * short window joins one DescribeInstances filtered on {@code instance-id}, so a recheck costs a fraction of a
 * request instead of a second TerminateInstances per Machine. A filter, unlike an id list, does not fail the whole
 * request for one unknown id ({@link Batcher}, on a small pool of its own; a recheck waits at most {@link #DEADLINE}).
 * In memory: after a restart the first delete terminates again, which is idempotent.
 */
final class TerminationChecks implements AutoCloseable {
  /** How long a recheck may wait for its batch's answer. */
  static final Duration DEADLINE = Duration.ofSeconds(60);

  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor flushes;
  private final Batcher<Ec2Client, String, Map<String, Instance>> batcher;

  TerminationChecks(Ec2Calls calls, Duration window) {
    AtomicInteger threads = new AtomicInteger();
    this.flushes = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
      Thread t = new Thread(r, "aws-termination-checks-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    flushes.allowCoreThreadTimeOut(true);
    this.batcher = new Batcher<>(window, AwsMachineProvider.FILTER_VALUES, ec2 -> flushes,
        (ec2, instanceIds) -> describe(calls, ec2, instanceIds.stream().distinct().toList()));
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
    try {
      return Optional.ofNullable(batcher.submit(ec2, instanceId).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .get(instanceId));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientProviderException(TransientProviderException.Reason.OTHER, "interrupted", e);
    } catch (TimeoutException e) {
      throw new TransientProviderException(TransientProviderException.Reason.CLOUD_UNAVAILABLE,
          "EC2 did not answer the termination check within " + DEADLINE.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProviderException p) {
        throw p;
      }
      if (e.getCause() instanceof RejectedExecutionException r) {
        throw new TransientProviderException(TransientProviderException.Reason.OTHER,
            "too many termination checks queued", r);
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Map<String, Instance> describe(Ec2Calls calls, Ec2Client ec2, List<String> ids)
      throws ProviderException {
    return calls.run(() -> {
      Map<String, Instance> out = new HashMap<>();
      ec2.describeInstancesPaginator(b -> b.filters(Filter.builder().name("instance-id").values(ids).build())
          .maxResults(AwsMachineProvider.PAGE_SIZE)).forEach(page -> page.reservations()
          .forEach(r -> r.instances().forEach(i -> out.put(i.instanceId(), i))));
      return out;
    }, false);
  }

  @Override
  public void close() {
    flushes.shutdownNow();
  }
}
