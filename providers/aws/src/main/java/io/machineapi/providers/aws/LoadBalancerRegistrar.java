package io.machineapi.providers.aws;

import io.machineapi.providers.aws.AwsMachineProviderConfig.LoadBalancerReference;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * The Machine's {@code loadBalancers}: instances are registered once they run, and network-LB IP targets are
 * deregistered before an instance is terminated (instance targets and classic registrations go with the instance).
 *
 * <p>Registration is batched like describe: one call per classic load balancer and one per target group answers for
 * every instance of the poll that needs it. A network load balancer's target groups are looked up (load balancer →
 * listeners' target groups) once a minute at most. Both register calls are idempotent, so repeating one after a
 * status write was lost is harmless.
 */
final class LoadBalancerRegistrar {
  static final String CLASSIC = "classic";
  static final String NETWORK = "network";

  /** An instance to register with the load balancers of its Machine's spec. */
  record Target(String uid, Instance instance, List<LoadBalancerReference> loadBalancers) {}

  private record TargetGroup(String arn, String targetType) {}

  /** A load balancer, by name, in one region and account. */
  private record LoadBalancerKey(AwsClients.Scope scope, String name) {}

  private final Ec2Calls calls;
  private final LookupCache<LoadBalancerKey, List<TargetGroup>> targetGroups;

  LoadBalancerRegistrar(Ec2Calls calls, Clock clock, Duration ttl) {
    this.calls = calls;
    this.targetGroups = new LookupCache<>(clock, ttl, 1_000);
  }

  /**
   * Registers every target with its load balancers.
   *
   * @return per UID of a target whose registration failed, what failed (the other targets are registered)
   */
  Map<String, String> register(AwsClients clients, List<Target> targets) {
    Map<String, List<Target>> classic = new LinkedHashMap<>();
    Map<String, List<Target>> network = new LinkedHashMap<>();
    for (Target t : targets) {
      for (LoadBalancerReference lb : t.loadBalancers()) {
        (NETWORK.equals(lb.type()) ? network : classic).computeIfAbsent(lb.name(), k -> new ArrayList<>()).add(t);
      }
    }
    Map<String, String> failed = new HashMap<>();
    classic.forEach((name, members) -> {
      try {
        List<String> ids = members.stream().map(t -> t.instance().instanceId()).toList();
        calls.run(() -> clients.classic().registerInstancesWithLoadBalancer(b -> b.loadBalancerName(name)
            .instances(ids.stream().map(id -> software.amazon.awssdk.services.elasticloadbalancing.model.Instance
                .builder().instanceId(id).build()).toList())), false);
      } catch (ProviderException e) {
        members.forEach(t -> failed.merge(t.uid(), "classic load balancer " + name + ": " + e.getMessage(),
            (a, b) -> a + "; " + b));
      }
    });
    network.forEach((name, members) -> {
      try {
        for (TargetGroup group : targetGroups(clients, name)) {
          List<TargetDescription> descriptions = members.stream().map(t -> target(group, t.instance()))
              .filter(d -> d.id() != null).toList();
          if (!descriptions.isEmpty()) {
            calls.run(() -> clients.network().registerTargets(b -> b.targetGroupArn(group.arn())
                .targets(descriptions)), false);
          }
        }
      } catch (ProviderException e) {
        members.forEach(t -> failed.merge(t.uid(), "network load balancer " + name + ": " + e.getMessage(),
            (a, b) -> a + "; " + b));
      }
    });
    return failed;
  }

  /** Removes the instance's IP targets from the spec's network load balancers; an absent target is fine. */
  void deregisterIpTargets(AwsClients clients, Instance instance, List<LoadBalancerReference> loadBalancers)
      throws ProviderException {
    if (instance.privateIpAddress() == null) {
      return;
    }
    for (LoadBalancerReference lb : loadBalancers) {
      if (!NETWORK.equals(lb.type())) {
        continue;
      }
      for (TargetGroup group : targetGroups(clients, lb.name())) {
        if ("ip".equals(group.targetType())) {
          try {
            calls.run(() -> clients.network().deregisterTargets(b -> b.targetGroupArn(group.arn())
                .targets(TargetDescription.builder().id(instance.privateIpAddress()).build())), false);
          } catch (ProviderException e) {
            if (!"InvalidTarget".equals(Ec2Errors.code(e.getCause()))) {
              throw e;
            }
          }
        }
      }
    }
  }

  private static TargetDescription target(TargetGroup group, Instance instance) {
    return TargetDescription.builder()
        .id("ip".equals(group.targetType()) ? instance.privateIpAddress() : instance.instanceId()).build();
  }

  /** The target groups the load balancer's listeners forward to (cached for the TTL). */
  private List<TargetGroup> targetGroups(AwsClients clients, String name) throws ProviderException {
    return targetGroups.get(new LoadBalancerKey(clients.scope(), name), () -> {
      String arn = calls.run(() -> clients.network().describeLoadBalancers(b -> b.names(name)), false)
          .loadBalancers().get(0).loadBalancerArn();
      return calls.run(() -> clients.network().describeTargetGroups(b -> b.loadBalancerArn(arn)), false)
          .targetGroups().stream().map(g -> new TargetGroup(g.targetGroupArn(), g.targetTypeAsString())).toList();
    });
  }
}
