package io.machineapi.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The observed state of a Machine's cloud instance.
 *
 * <p>Five states; {@link #kind()} gives an enum so callers can write an exhaustive {@code switch} (Java 17 has no
 * pattern switch):
 * <ul>
 *   <li>{@link Absent}: no instance exists for this Machine (never created, or not found at all);</li>
 *   <li>{@link Pending}: an instance exists or is being built (EC2 {@code pending}, a vSphere clone or power-on task,
 *       an Ironic deploy, a claimed host provisioning);</li>
 *   <li>{@link Running}: the instance is up;</li>
 *   <li>{@link Terminating}: deletion is under way (EC2 {@code shutting-down}, a vSphere destroy task, a host
 *       deprovisioning);</li>
 *   <li>{@link Gone}: the instance reached its end (EC2 {@code terminated}, VM destroyed, host released); its last
 *       known details are kept.</li>
 * </ul>
 * {@link #exists()} is the actuator's "Exists": true for Pending, Running and Terminating.
 */
public sealed interface InstanceState extends ProviderResult {

  /** The state as an enum, for exhaustive switches. */
  Kind kind();

  /** What is known about the instance ({@link InstanceDetails#none()} for {@link Absent}). */
  InstanceDetails details();

  /** Whether a live instance exists (Pending, Running or Terminating). */
  default boolean exists() {
    return switch (kind()) {
      case PENDING, RUNNING, TERMINATING -> true;
      case ABSENT, GONE -> false;
    };
  }

  /** The five states. */
  enum Kind {
    ABSENT,
    PENDING,
    RUNNING,
    TERMINATING,
    GONE
  }

  /** No instance exists for this Machine. */
  static Absent absent() {
    return Absent.INSTANCE;
  }

  /** No instance exists for this Machine. */
  final class Absent implements InstanceState {
    private static final Absent INSTANCE = new Absent();

    private Absent() {}

    @Override
    public Kind kind() {
      return Kind.ABSENT;
    }

    @Override
    public InstanceDetails details() {
      return InstanceDetails.none();
    }

    @Override
    public String toString() {
      return "Absent";
    }
  }

  /**
   * The instance exists or is being built but is not ready.
   *
   * @param details what is known so far
   * @param recheckAfter when the provider expects news; the controller requeues after it; positive
   */
  record Pending(InstanceDetails details, Duration recheckAfter) implements InstanceState {
    public Pending {
      Objects.requireNonNull(details, "details");
      requirePositive(recheckAfter);
    }

    @Override
    public Kind kind() {
      return Kind.PENDING;
    }
  }

  /**
   * The instance is up.
   *
   * @param details identity, addresses, labels, status
   */
  record Running(InstanceDetails details) implements InstanceState {
    public Running {
      Objects.requireNonNull(details, "details");
    }

    @Override
    public Kind kind() {
      return Kind.RUNNING;
    }
  }

  /**
   * Deletion is under way.
   *
   * @param details what is known about the instance
   * @param recheckAfter when to call {@link MachineProvider#delete} or describe again; positive
   */
  record Terminating(InstanceDetails details, Duration recheckAfter) implements InstanceState {
    public Terminating {
      Objects.requireNonNull(details, "details");
      requirePositive(recheckAfter);
    }

    @Override
    public Kind kind() {
      return Kind.TERMINATING;
    }
  }

  /**
   * The instance has ended (terminated, destroyed, released).
   *
   * @param details its last known details (providerID, cloud state)
   */
  record Gone(InstanceDetails details) implements InstanceState {
    public Gone {
      Objects.requireNonNull(details, "details");
    }

    @Override
    public Kind kind() {
      return Kind.GONE;
    }
  }

  private static void requirePositive(Duration d) {
    Objects.requireNonNull(d, "recheckAfter");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("recheckAfter must be positive: " + d);
    }
  }
}
