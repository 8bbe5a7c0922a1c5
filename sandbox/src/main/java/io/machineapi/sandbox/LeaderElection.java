package io.machineapi.sandbox;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election of one {@link ControllerStack} over a {@code coordination.k8s.io/v1} Lease (java-operator-sdk's,
 * built on fabric8's LeaderElector). The operator's informers start on every replica, so a standby keeps warm
 * caches; java-operator-sdk starts event processing (reconciles) only on the replica holding the Lease, and the
 * stack starts its other writers (the autoscaler) only then too.
 *
 * <p>Losing the Lease ends leadership for good: with {@link Settings#exitOnLoss()} the process exits with status 1
 * (the kubelet restarts the Pod, which then stands by), as java-operator-sdk and controller-runtime do; without it
 * (in-process tests) the stack stops its controllers instead. java-operator-sdk's own exit is off because it also
 * fires when the operator stops: from a shutdown hook, {@code System.exit} blocks forever. Here closing the stack
 * never counts as losing the Lease, and the exit runs on a thread of its own, since the callback runs while the
 * elector holds the lock that stopping the operator (in the shutdown hook) needs.
 */
public final class LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** Name of the Lease unless told otherwise. */
  public static final String DEFAULT_LEASE_NAME = "machine-api-controllers";

  /**
   * Settings of one election.
   *
   * @param namespace namespace of the Lease
   * @param leaseName name of the Lease
   * @param identity this candidate's identity, unique per process ({@link #newIdentity()})
   * @param exitOnLoss exit the process when the Lease is lost (production); false stops the stack instead
   */
  public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration,
      Duration renewDeadline, Duration retryPeriod, boolean exitOnLoss) {}

  private final Settings settings;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Runnable exit;
  private volatile String leader;
  private volatile Runnable onStart = () -> { };
  private volatile Runnable onLoss = () -> { };

  LeaderElection(Settings settings) {
    this(settings, () -> System.exit(1));
  }

  /** @param exit ends the process (tests pass a stand-in) */
  LeaderElection(Settings settings, Runnable exit) {
    this.settings = settings;
    this.exit = exit;
  }

  /**
   * A candidate identity like controller-runtime's: the host name (the Pod name in a cluster), an underscore and a
   * random UUID, so two processes on one host never share one.
   */
  public static String newIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    return host + "_" + UUID.randomUUID();
  }

  /** What to run on becoming leader, and on losing the Lease when the process is not to exit. */
  void bind(Runnable whenLeading, Runnable whenLostWithoutExit) {
    this.onStart = whenLeading;
    this.onLoss = whenLostWithoutExit;
  }

  /** The operator's election settings; java-operator-sdk's own exit is off (see the class comment). */
  LeaderElectionConfiguration configuration() {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
        .withLeaseNamespace(settings.namespace()).withIdentity(settings.identity())
        .withLeaseDuration(settings.leaseDuration()).withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod()).withExitOnStopLeading(false)
        .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader)).build();
  }

  void logStart() {
    LOG.info("Leader election: candidate (identity {}, Lease {}/{}; lease {} ms, renew deadline {} ms, retry {} ms)",
        settings.identity(), settings.namespace(), settings.leaseName(),
        settings.leaseDuration().toMillis(), settings.renewDeadline().toMillis(), settings.retryPeriod().toMillis());
  }

  /** Whether this process holds the Lease. */
  boolean leading() {
    return leading.get();
  }

  /** The stack is closing: a leadership ending from now on is a shutdown, not a loss. */
  void closing() {
    ended.set(true);
  }

  private void started() {
    if (ended.get()) {
      return;
    }
    leading.set(true);
    LOG.info("Leader election: became leader (identity {}, Lease {}/{}): reconciling", settings.identity(),
        settings.namespace(), settings.leaseName());
    onStart.run();
  }

  private void stopped() {
    boolean wasLeading = leading.getAndSet(false);
    if (!ended.compareAndSet(false, true)) {
      if (wasLeading) {
        LOG.info("Leader election: stopped leading (identity {}, Lease {}/{}): shutting down", settings.identity(),
            settings.namespace(), settings.leaseName());
      }
      return;
    }
    if (settings.exitOnLoss()) {
      LOG.error("Leader election: lost the Lease (identity {}, Lease {}/{}, leader is {}): exiting so that no two "
          + "replicas reconcile", settings.identity(), settings.namespace(), settings.leaseName(), leader);
      new Thread(exit, "leader-election-lost").start();
    } else {
      LOG.error("Leader election: lost the Lease (identity {}, Lease {}/{}, leader is {}): stopping the controllers",
          settings.identity(), settings.namespace(), settings.leaseName(), leader);
      new Thread(onLoss, "leader-election-lost").start();
    }
  }

  private void newLeader(String identity) {
    leader = identity;
    // A leader that sees another holder is losing the Lease: stopped() says so next.
    if (identity != null && !identity.equals(settings.identity()) && !ended.get() && !leading.get()) {
      LOG.info("Leader election: standby, leader is {} (identity {}, Lease {}/{})", identity, settings.identity(),
          settings.namespace(), settings.leaseName());
    }
  }
}
