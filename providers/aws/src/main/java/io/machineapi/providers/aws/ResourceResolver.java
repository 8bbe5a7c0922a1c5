package io.machineapi.providers.aws;

import io.machineapi.providers.aws.AwsMachineProviderConfig.AwsResourceReference;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * AMI, subnet and security groups given by filters → ids, cached for a short TTL per region and credentials (a
 * MachineSet scaled by 100 resolves them once, not 100 times) in the provider's {@link LookupCache}. A filter
 * matching nothing is the spec's fault (the message names the field); a failing describe call is transient — unlike
 * OpenShift's AWS provider, a throttled lookup never fails the Machine.
 */
final class ResourceResolver {
  record Resolved(String imageId, String subnetId, List<String> securityGroupIds) {}

  /** What an answer depends on: region and credentials ({@code scope}), what is looked up, and how. */
  private record Key(AwsClients.Scope scope, String kind, List<AwsMachineProviderConfig.Filter> filters,
      String zone) {}

  /** Bounds the cache: far more distinct filters than a cluster's MachineSets use. */
  static final int MAX_ENTRIES = 1_000;

  private final Ec2Calls calls;
  private final LookupCache<Key, Object> cache;

  ResourceResolver(Ec2Calls calls, Clock clock, Duration ttl) {
    this.calls = calls;
    this.cache = new LookupCache<>(clock, ttl, MAX_ENTRIES);
  }

  Resolved resolve(AwsClients clients, AwsMachineProviderConfig spec) throws ProviderException {
    String image = image(clients, spec.ami());
    String subnet = spec.subnet() == null ? null : subnet(clients, spec.subnet(), spec.placement());
    List<String> groups = new ArrayList<>();
    List<AwsResourceReference> refs = spec.securityGroupsOrEmpty();
    for (int i = 0; i < refs.size(); i++) {
      groups.addAll(groups(clients, refs.get(i), "securityGroups[" + i + "]"));
    }
    return new Resolved(image, subnet, groups);
  }

  private static List<Filter> filters(AwsResourceReference r) {
    return r.filters().stream().map(f -> Filter.builder().name(f.name()).values(f.values()).build()).toList();
  }

  @SuppressWarnings("unchecked")
  private <T> T cached(Key key, LookupCache.Load<T> load) throws ProviderException {
    return (T) cache.get(key, load::get);
  }

  private String image(AwsClients clients, AwsResourceReference ami) throws ProviderException {
    if (ami.id() != null && !ami.id().isBlank()) {
      return ami.id();
    }
    if (ami.arn() != null && !ami.arn().isBlank()) {
      return ami.arn().substring(ami.arn().lastIndexOf('/') + 1);
    }
    Ec2Client ec2 = clients.ec2();
    return cached(new Key(clients.scope(), "ami", ami.filters(), null), () -> {
      List<Image> images = calls.run(() -> ec2.describeImages(b -> b.filters(filters(ami))).images(), false);
      return images.stream().max(Comparator.comparing(i -> i.creationDate() == null ? "" : i.creationDate()))
          .map(Image::imageId)
          .orElseThrow(() -> invalid("ami.filters", "no image matches " + ami.filters()));
    });
  }

  private String subnet(AwsClients clients, AwsResourceReference ref, AwsMachineProviderConfig.Placement placement)
      throws ProviderException {
    if (ref.id() != null && !ref.id().isBlank()) {
      return ref.id();
    }
    if (ref.arn() != null && !ref.arn().isBlank()) {
      return ref.arn().substring(ref.arn().lastIndexOf('/') + 1);
    }
    String zone = placement == null ? null : placement.availabilityZone();
    Ec2Client ec2 = clients.ec2();
    return cached(new Key(clients.scope(), "subnet", ref.filters(), zone), () -> {
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

  private List<String> groups(AwsClients clients, AwsResourceReference ref, String path) throws ProviderException {
    if (ref.id() != null && !ref.id().isBlank()) {
      return List.of(ref.id());
    }
    if (ref.arn() != null && !ref.arn().isBlank()) {
      return List.of(ref.arn().substring(ref.arn().lastIndexOf('/') + 1));
    }
    Ec2Client ec2 = clients.ec2();
    return cached(new Key(clients.scope(), "securityGroups", ref.filters(), null), () -> {
      List<SecurityGroup> found = calls.run(() -> ec2.describeSecurityGroups(b -> b.filters(filters(ref)))
          .securityGroups(), false);
      if (found.isEmpty()) {
        throw invalid(path + ".filters", "no security group matches " + ref.filters());
      }
      return found.stream().map(SecurityGroup::groupId).sorted().toList();
    });
  }

  private static InvalidConfigurationException invalid(String field, String message) {
    return new InvalidConfigurationException(List.of(new FieldError("providerSpec.value." + field, message)));
  }
}
