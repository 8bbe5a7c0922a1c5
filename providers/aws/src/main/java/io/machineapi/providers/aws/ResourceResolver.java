package io.machineapi.providers.aws;

import io.machineapi.providers.aws.AwsMachineProviderConfig.AwsResourceReference;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * AMI, subnet and security groups given by filters → ids, cached for a short TTL (a MachineSet scaled by 100 resolves
 * them once, not 100 times). A filter matching nothing is the spec's fault (the message names the field); a failing
 * describe call is transient — unlike OpenShift's AWS provider, a throttled lookup never fails the Machine.
 */
final class ResourceResolver {
  record Resolved(String imageId, String subnetId, List<String> securityGroupIds) {}

  private record Entry(Object value, Instant expires) {}

  private final Ec2Calls calls;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final Map<String, Object> loading = new ConcurrentHashMap<>();

  ResourceResolver(Ec2Calls calls, Clock clock, Duration ttl) {
    this.calls = calls;
    this.clock = clock;
    this.ttl = ttl;
  }

  Resolved resolve(Ec2Client ec2, AwsMachineProviderConfig spec) throws ProviderException {
    String image = image(ec2, spec.ami());
    String subnet = spec.subnet() == null ? null : subnet(ec2, spec.subnet(), spec.placement());
    List<String> groups = new ArrayList<>();
    List<AwsResourceReference> refs = spec.securityGroupsOrEmpty();
    for (int i = 0; i < refs.size(); i++) {
      groups.addAll(groups(ec2, refs.get(i), "securityGroups[" + i + "]"));
    }
    return new Resolved(image, subnet, groups);
  }

  private static List<Filter> filters(AwsResourceReference r) {
    return r.filters().stream().map(f -> Filter.builder().name(f.name()).values(f.values()).build()).toList();
  }

  /**
   * The cached value, else loaded once: concurrent creates of a scale-up asking for the same key wait for the one
   * call in flight instead of each sending their own (single flight).
   */
  @SuppressWarnings("unchecked")
  private <T> T cached(String key, ProviderCall<T> load) throws ProviderException {
    Entry e = cache.get(key);
    if (e != null && e.expires().isAfter(clock.instant())) {
      return (T) e.value();
    }
    synchronized (loading.computeIfAbsent(key, k -> new Object())) {
      e = cache.get(key);
      Instant now = clock.instant();
      if (e != null && e.expires().isAfter(now)) {
        return (T) e.value();
      }
      T value = load.get();
      cache.put(key, new Entry(value, now.plus(ttl)));
      return value;
    }
  }

  interface ProviderCall<T> {
    T get() throws ProviderException;
  }

  private String image(Ec2Client ec2, AwsResourceReference ami) throws ProviderException {
    if (ami.id() != null && !ami.id().isBlank()) {
      return ami.id();
    }
    if (ami.arn() != null && !ami.arn().isBlank()) {
      return ami.arn().substring(ami.arn().lastIndexOf('/') + 1);
    }
    return cached(scope(ec2) + "ami|" + ami.filters(), () -> {
      List<Image> images = calls.run(() -> ec2.describeImages(b -> b.filters(filters(ami))).images(), false);
      return images.stream().max(Comparator.comparing(i -> i.creationDate() == null ? "" : i.creationDate()))
          .map(Image::imageId)
          .orElseThrow(() -> invalid("ami.filters", "no image matches " + ami.filters()));
    });
  }

  private String subnet(Ec2Client ec2, AwsResourceReference ref, AwsMachineProviderConfig.Placement placement)
      throws ProviderException {
    if (ref.id() != null && !ref.id().isBlank()) {
      return ref.id();
    }
    if (ref.arn() != null && !ref.arn().isBlank()) {
      return ref.arn().substring(ref.arn().lastIndexOf('/') + 1);
    }
    String zone = placement == null ? null : placement.availabilityZone();
    return cached(scope(ec2) + "subnet|" + ref.filters() + "|" + zone, () -> {
      List<Filter> f = new ArrayList<>(filters(ref));
      if (zone != null && !zone.isBlank()) {
        f.add(Filter.builder().name("availability-zone").values(zone).build());
      }
      List<Subnet> subnets = calls.run(() -> ec2.describeSubnets(b -> b.filters(f)).subnets(), false);
      return subnets.stream().map(Subnet::subnetId).sorted().findFirst()
          .orElseThrow(() -> invalid("subnet.filters", "no subnet matches " + ref.filters()
              + (zone == null ? "" : " in zone " + zone)));
    });
  }

  private List<String> groups(Ec2Client ec2, AwsResourceReference ref, String path) throws ProviderException {
    if (ref.id() != null && !ref.id().isBlank()) {
      return List.of(ref.id());
    }
    if (ref.arn() != null && !ref.arn().isBlank()) {
      return List.of(ref.arn().substring(ref.arn().lastIndexOf('/') + 1));
    }
    return cached(scope(ec2) + "sg|" + ref.filters(), () -> {
      List<SecurityGroup> found = calls.run(() -> ec2.describeSecurityGroups(b -> b.filters(filters(ref)))
          .securityGroups(), false);
      if (found.isEmpty()) {
        throw invalid(path + ".filters", "no security group matches " + ref.filters());
      }
      return found.stream().map(SecurityGroup::groupId).sorted().toList();
    });
  }

  /** Cache entries are per client (region and credentials): the same filter means other things elsewhere. */
  private static String scope(Ec2Client ec2) {
    return System.identityHashCode(ec2) + "|";
  }

  private static InvalidConfigurationException invalid(String field, String message) {
    return new InvalidConfigurationException(List.of(new FieldError("providerSpec.value." + field, message)));
  }
}
