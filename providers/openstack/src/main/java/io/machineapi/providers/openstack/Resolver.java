package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.providers.openstack.OpenstackProviderSpec.AddressPair;
import io.machineapi.providers.openstack.OpenstackProviderSpec.NetworkFilter;
import io.machineapi.providers.openstack.OpenstackProviderSpec.NetworkParam;
import io.machineapi.providers.openstack.OpenstackProviderSpec.PortOpts;
import io.machineapi.providers.openstack.OpenstackProviderSpec.SecurityGroupFilter;
import io.machineapi.providers.openstack.OpenstackProviderSpec.SecurityGroupParam;
import io.machineapi.providers.openstack.OpenstackProviderSpec.SubnetFilter;
import io.machineapi.providers.openstack.OpenstackProviderSpec.SubnetParam;
import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves what a spec names into OpenStack ids, each lookup cached ({@link Lookups}, per credential and query): the
 * flavor by name, the image by name or id (unique), networks and subnets by id or filter (exactly one each),
 * security groups by uuid, name (exactly one) or filter (one or more), the server group by id or by name (created
 * with policy {@value #SERVER_GROUP_POLICY} when missing), and Neutron's extensions. A lookup that finds nothing (or
 * too much) proves the spec wrong: {@link InvalidConfigurationException} naming the field.
 */
final class Resolver {
  static final String SERVER_GROUP_POLICY = "soft-anti-affinity";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = FieldErrors.PROVIDER_SPEC_VALUE;

  /** A flavor of Nova's catalogue. */
  record Flavor(String id, String name, int vcpus, long ramMiB, int diskGiB) {}

  /** One port to get or create, in the server's network order. */
  record PortPlan(String name, String networkId, List<OpenstackProviderSpec.FixedIp> fixedIps,
      List<String> securityGroups, List<AddressPair> allowedAddressPairs, Boolean portSecurity, String vnicType,
      Map<String, String> profile, List<String> tags, boolean trunk, String description, Boolean adminStateUp,
      String macAddress) {}

  /** Everything the server create needs besides the Machine itself. */
  record Plan(Flavor flavor, String imageId, List<PortPlan> ports, String serverGroupId) {}

  private final OpenstackCalls calls;
  private final Lookups lookups;
  private final Lookups flavors;
  private final OpenstackApis.Nova nova = new OpenstackApis.Nova();
  private final OpenstackApis.Neutron neutron = new OpenstackApis.Neutron();
  private final OpenstackApis.Glance glance = new OpenstackApis.Glance();

  Resolver(OpenstackCalls calls, Clock clock, Duration ttl, Duration flavorTtl) {
    this.calls = calls;
    this.lookups = new Lookups(clock, ttl);
    this.flavors = new Lookups(clock, flavorTtl);
  }

  Plan plan(CloudConfig cloud, OpenstackProviderSpec spec, String machineName) throws ProviderException {
    Flavor flavor = flavor(cloud, spec.flavor());
    String image = spec.rootVolume() != null && OpenstackProviderSpec.set(spec.rootVolume().sourceUUID())
        ? null : image(cloud, spec.image());
    List<String> defaultGroups = securityGroups(cloud, spec.securityGroupsOrEmpty());
    List<PortPlan> ports = ports(cloud, spec, machineName, defaultGroups);
    return new Plan(flavor, image, ports, serverGroup(cloud, spec));
  }

  /** Forgets the cached lookups of a credential (Nova refused an id they gave: they may be stale). */
  void invalidate(CloudConfig cloud) {
    lookups.invalidateCredential(cloud.key());
    flavors.invalidateCredential(cloud.key());
  }

  /** The flavor named {@code name} (cached per credential and name; failures not cached). */
  Flavor flavor(CloudConfig cloud, String name) throws ProviderException {
    return flavors.get(List.of("flavor", cloud.key(), name), () -> {
      JsonNode all = calls.run(cloud, Service.COMPUTE, "Nova GET /flavors/detail", c -> nova.flavors());
      for (JsonNode f : all.path("flavors")) {
        if (name.equals(f.path("name").asText())) {
          return new Flavor(f.path("id").asText(), name, f.path("vcpus").asInt(), f.path("ram").asLong(),
              f.path("disk").asInt());
        }
      }
      throw new InvalidConfigurationException(BASE + ".flavor", "flavor \"" + name + "\" not found");
    });
  }

  /** Extra specs of a flavor (cached like the flavor). */
  Map<String, String> extraSpecs(CloudConfig cloud, Flavor flavor) throws ProviderException {
    return flavors.get(List.of("extra-specs", cloud.key(), flavor.id()), () -> {
      JsonNode specs = calls.run(cloud, Service.COMPUTE, "Nova GET /flavors/" + flavor.id() + "/os-extra-specs",
          c -> nova.flavorExtraSpecs(flavor.id()));
      Map<String, String> out = new LinkedHashMap<>();
      if (specs != null) {
        specs.path("extra_specs").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      }
      return Map.copyOf(out);
    });
  }

  private String image(CloudConfig cloud, String nameOrId) throws ProviderException {
    return lookups.get(List.of("image", cloud.key(), nameOrId), () -> {
      JsonNode byName = calls.run(cloud, Service.IMAGE, "Glance GET /v2/images?name",
          c -> glance.images(Map.of("name", nameOrId)));
      List<JsonNode> found = list(byName, "images");
      if (found.size() > 1) {
        throw new InvalidConfigurationException(BASE + ".image", "image name \"" + nameOrId + "\" matches "
            + found.size() + " images; use a unique name or the id");
      }
      if (found.size() == 1) {
        return found.get(0).path("id").asText();
      }
      if (nameOrId.matches("[0-9a-fA-F-]{32,36}")) {
        JsonNode byId = calls.run(cloud, Service.IMAGE, "Glance GET /v2/images/{id}", c -> glance.image(nameOrId));
        if (byId != null && byId.hasNonNull("id")) {
          return byId.path("id").asText();
        }
      }
      throw new InvalidConfigurationException(BASE + ".image", "image \"" + nameOrId + "\" not found");
    });
  }

  private List<PortPlan> ports(CloudConfig cloud, OpenstackProviderSpec spec, String machine,
      List<String> defaultGroups) throws ProviderException {
    List<PortPlan> out = new ArrayList<>();
    List<String> names = PortNames.of(spec, machine);
    boolean trunk = Boolean.TRUE.equals(spec.trunk());
    List<NetworkParam> nets = spec.networksOrEmpty();
    for (int i = 0; i < nets.size(); i++) {
      NetworkParam n = nets.get(i);
      String path = BASE + ".networks[" + i + "]";
      List<String> tags = new ArrayList<>(n.portTags() == null ? List.of() : n.portTags());
      // An empty network filter with subnets ({filter: {}, subnets: [...]}, as OpenShift's installer writes it) names
      // no network: the subnets do, one port per subnet in its network.
      boolean byNetwork = OpenstackProviderSpec.set(n.uuid())
          || (n.filter() != null && !(n.filter().isEmpty() && !n.subnetsOrEmpty().isEmpty()));
      if (byNetwork) {
        String networkId = network(cloud, n, path);
        List<OpenstackProviderSpec.FixedIp> fixed = new ArrayList<>();
        for (int j = 0; j < n.subnetsOrEmpty().size(); j++) {
          SubnetParam s = n.subnetsOrEmpty().get(j);
          JsonNode subnet = subnet(cloud, s, networkId, path + ".subnets[" + j + "]");
          fixed.add(new OpenstackProviderSpec.FixedIp(subnet.path("id").asText(), null));
          if (s.portTags() != null) {
            tags.addAll(s.portTags());
          }
        }
        out.add(new PortPlan(names.get(out.size()), networkId, fixed, defaultGroups,
            List.of(), n.portSecurity(), n.vnicType(), n.profile(), dedupe(tags), trunk, null, null, null));
      } else {
        // Only subnets: one port per subnet, in the subnet's network.
        for (int j = 0; j < n.subnetsOrEmpty().size(); j++) {
          SubnetParam s = n.subnetsOrEmpty().get(j);
          JsonNode subnet = subnet(cloud, s, null, path + ".subnets[" + j + "]");
          List<String> portTags = new ArrayList<>(tags);
          if (s.portTags() != null) {
            portTags.addAll(s.portTags());
          }
          Boolean security = s.portSecurity() != null ? s.portSecurity() : n.portSecurity();
          out.add(new PortPlan(names.get(out.size()), subnet.path("network_id").asText(),
              List.of(new OpenstackProviderSpec.FixedIp(subnet.path("id").asText(), null)), defaultGroups, List.of(),
              security, n.vnicType(), n.profile(), dedupe(portTags), trunk, null, null, null));
        }
      }
    }
    List<PortOpts> opts = spec.portsOrEmpty();
    for (int i = 0; i < opts.size(); i++) {
      PortOpts p = opts.get(i);
      List<String> groups = p.securityGroups() == null || p.securityGroups().isEmpty() ? defaultGroups
          : p.securityGroups();
      out.add(new PortPlan(names.get(out.size()), p.networkID(),
          p.fixedIPs() == null ? List.of() : p.fixedIPs(), groups,
          p.allowedAddressPairs() == null ? List.of() : p.allowedAddressPairs(), p.portSecurity(), p.vnicType(),
          p.profile(), p.tags() == null ? List.of() : p.tags(), trunk || Boolean.TRUE.equals(p.trunk()),
          p.description(), p.adminStateUp(), p.macAddress()));
    }
    if (out.stream().anyMatch(PortPlan::trunk) && !extensions(cloud).contains("trunk")) {
      throw new InvalidConfigurationException(BASE + ".trunk", "Neutron has no trunk extension");
    }
    return out;
  }

  private static List<String> dedupe(List<String> tags) {
    return List.copyOf(new LinkedHashSet<>(tags));
  }

  private String network(CloudConfig cloud, NetworkParam n, String path) throws ProviderException {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (OpenstackProviderSpec.set(n.uuid())) {
      q.put("id", List.of(n.uuid()));
    }
    if (n.filter() != null) {
      networkFilter(q, n.filter());
    }
    return one(cloud, "networks", q, path, "network").path("id").asText();
  }

  private JsonNode subnet(CloudConfig cloud, SubnetParam s, String networkId, String path) throws ProviderException {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (OpenstackProviderSpec.set(s.uuid())) {
      q.put("id", List.of(s.uuid()));
    }
    if (s.filter() != null) {
      subnetFilter(q, s.filter());
    }
    if (networkId != null) {
      q.put("network_id", List.of(networkId));
    }
    return one(cloud, "subnets", q, path, "subnet");
  }

  private List<String> securityGroups(CloudConfig cloud, List<SecurityGroupParam> groups) throws ProviderException {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      SecurityGroupParam g = groups.get(i);
      String path = BASE + ".securityGroups[" + i + "]";
      if (OpenstackProviderSpec.set(g.uuid())) {
        ids.add(one(cloud, "security-groups", Map.of("id", List.of(g.uuid())), path, "security group")
            .path("id").asText());
      } else if (OpenstackProviderSpec.set(g.name())) {
        ids.add(one(cloud, "security-groups", Map.of("name", List.of(g.name())), path, "security group")
            .path("id").asText());
      } else {
        Map<String, List<String>> q = new LinkedHashMap<>();
        securityGroupFilter(q, g.filter());
        List<JsonNode> found = query(cloud, "security-groups", q);
        if (found.isEmpty()) {
          throw new InvalidConfigurationException(path + ".filter", "no security group matches " + q);
        }
        found.forEach(f -> ids.add(f.path("id").asText()));
      }
    }
    return List.copyOf(ids);
  }

  /** Exactly one match of a Neutron query, else the spec is wrong. */
  private JsonNode one(CloudConfig cloud, String resource, Map<String, List<String>> q, String path, String what)
      throws ProviderException {
    List<JsonNode> found = query(cloud, resource, q);
    if (found.size() != 1) {
      throw new InvalidConfigurationException(path, (found.isEmpty() ? what + " not found" : what + " is ambiguous ("
          + found.size() + " match)") + " for " + q);
    }
    return found.get(0);
  }

  private List<JsonNode> query(CloudConfig cloud, String resource, Map<String, List<String>> q)
      throws ProviderException {
    Map<String, List<String>> query = Map.copyOf(q);
    return lookups.get(List.of(resource, cloud.key(), query), () -> list(
        calls.run(cloud, Service.NETWORK, "Neutron GET /v2.0/" + resource, c -> neutron.list(resource, query)),
        resource.replace('-', '_')));
  }

  /** Neutron's extension aliases (cached). */
  Set<String> extensions(CloudConfig cloud) throws ProviderException {
    return lookups.get(List.of("extensions", cloud.key()), () -> {
      Set<String> out = new HashSet<>();
      JsonNode e = calls.run(cloud, Service.NETWORK, "Neutron GET /v2.0/extensions", c -> neutron.extensions());
      for (JsonNode x : e.path("extensions")) {
        out.add(x.path("alias").asText());
      }
      return Set.copyOf(out);
    });
  }

  /**
   * The server group: {@code serverGroupID} as given, else the one named {@code serverGroupName} (created with
   * {@value #SERVER_GROUP_POLICY} when missing; single flight per name). Null when the spec names none.
   */
  String serverGroup(CloudConfig cloud, OpenstackProviderSpec spec) throws ProviderException {
    String id = spec.serverGroupID();
    String name = spec.serverGroupName();
    if (!OpenstackProviderSpec.set(name)) {
      return OpenstackProviderSpec.set(id) ? id : null;
    }
    String found = lookups.get(List.of("server-group", cloud.key(), name), () -> {
      JsonNode all = calls.run(cloud, Service.COMPUTE, "Nova GET /os-server-groups", c -> nova.serverGroups());
      List<JsonNode> named = new ArrayList<>();
      for (JsonNode g : all.path("server_groups")) {
        if (name.equals(g.path("name").asText())) {
          named.add(g);
        }
      }
      if (named.size() > 1) {
        throw new InvalidConfigurationException(BASE + ".serverGroupName", named.size()
            + " server groups are named \"" + name + "\"");
      }
      if (named.size() == 1) {
        return named.get(0).path("id").asText();
      }
      ObjectNode body = JSON.createObjectNode();
      body.putObject("server_group").put("name", name).putArray("policies").add(SERVER_GROUP_POLICY);
      JsonNode created = calls.run(cloud, Service.COMPUTE, "Nova POST /os-server-groups",
          c -> nova.createServerGroup(body));
      return created.path("server_group").path("id").asText();
    });
    if (OpenstackProviderSpec.set(id) && !id.equals(found)) {
      throw new InvalidConfigurationException(BASE + ".serverGroupID", "server group " + id
          + " is not the group named \"" + name + "\" (" + found + ")");
    }
    return found;
  }

  static List<JsonNode> list(JsonNode body, String field) {
    List<JsonNode> out = new ArrayList<>();
    if (body != null) {
      body.path(field).forEach(out::add);
    }
    return out;
  }

  // Filters, in Neutron's query parameter names (tags* are comma-separated in the spec).
  static void networkFilter(Map<String, List<String>> q, NetworkFilter f) {
    put(q, "name", f.name());
    put(q, "description", f.description());
    put(q, "project_id", f.projectId());
    put(q, "tenant_id", f.tenantId());
    put(q, "id", f.id());
    put(q, "status", f.status());
    put(q, "admin_state_up", f.adminStateUp());
    put(q, "shared", f.shared());
    tags(q, f.tags(), f.tagsAny(), f.notTags(), f.notTagsAny());
  }

  static void subnetFilter(Map<String, List<String>> q, SubnetFilter f) {
    put(q, "name", f.name());
    put(q, "description", f.description());
    put(q, "network_id", f.networkId());
    put(q, "project_id", f.projectId());
    put(q, "tenant_id", f.tenantId());
    put(q, "ip_version", f.ipVersion());
    put(q, "gateway_ip", f.gatewayIp());
    put(q, "cidr", f.cidr());
    put(q, "ipv6_address_mode", f.ipv6AddressMode());
    put(q, "ipv6_ra_mode", f.ipv6RaMode());
    put(q, "id", f.id());
    put(q, "enable_dhcp", f.enableDhcp());
    put(q, "subnetpool_id", f.subnetpoolId());
    tags(q, f.tags(), f.tagsAny(), f.notTags(), f.notTagsAny());
  }

  static void securityGroupFilter(Map<String, List<String>> q, SecurityGroupFilter f) {
    put(q, "id", f.id());
    put(q, "name", f.name());
    put(q, "description", f.description());
    put(q, "project_id", f.projectId());
    put(q, "tenant_id", f.tenantId());
    tags(q, f.tags(), f.tagsAny(), f.notTags(), f.notTagsAny());
  }

  private static void tags(Map<String, List<String>> q, String tags, String any, String not, String notAny) {
    put(q, "tags", tags);
    put(q, "tags-any", any);
    put(q, "not-tags", not);
    put(q, "not-tags-any", notAny);
  }

  private static void put(Map<String, List<String>> q, String key, Object value) {
    if (value != null && !(value instanceof String s && s.isBlank())) {
      q.put(key, List.of(String.valueOf(value)));
    }
  }

  static List<String> split(String commaSeparated) {
    return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
  }
}
