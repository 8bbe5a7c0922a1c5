package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.providers.openstack.OpenstackProviderSpec.AddressPair;
import io.machineapi.providers.openstack.OpenstackProviderSpec.FixedIp;
import io.machineapi.providers.openstack.RequestCounter.Service;
import io.machineapi.providers.openstack.Resolver.PortPlan;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openstack4j.model.common.ActionResponse;

/**
 * Neutron ports of a Machine: get-or-create by name (one list for all of a Machine's names, then one create per
 * missing port, its tags and its trunk), and deletion (trunks first, 404 counts as deleted).
 */
final class Ports {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A port to boot with, and whether this call created it. */
  record Port(String id, String name, boolean created) {}

  private final OpenstackCalls calls;
  private final OpenstackApis.Neutron neutron = new OpenstackApis.Neutron();

  Ports(OpenstackCalls calls) {
    this.calls = calls;
  }

  /** Existing ports by name (any of {@code names}), one request. */
  Map<String, List<JsonNode>> byName(CloudConfig cloud, List<String> names) throws ProviderException {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    JsonNode found = calls.run(cloud, Service.NETWORK, "Neutron GET /v2.0/ports?name",
        c -> neutron.list("ports", Map.of("name", names)));
    for (JsonNode p : Resolver.list(found, "ports")) {
      out.computeIfAbsent(p.path("name").asText(), k -> new ArrayList<>()).add(p);
    }
    return out;
  }

  /**
   * The plan's ports, reusing those that exist by name in their network. {@code lookFirst} false skips the lookup
   * when the caller knows no create was attempted for the Machine since a describe found it without a server.
   */
  List<Port> getOrCreate(CloudConfig cloud, List<PortPlan> plans, boolean lookFirst) throws ProviderException {
    Map<String, List<JsonNode>> existing = lookFirst ? byName(cloud, plans.stream().map(PortPlan::name).toList())
        : Map.of();
    List<Port> out = new ArrayList<>();
    try {
      for (PortPlan plan : plans) {
        List<JsonNode> same = existing.getOrDefault(plan.name(), List.of()).stream()
            .filter(p -> plan.networkId().equals(p.path("network_id").asText())).toList();
        if (same.size() > 1) {
          throw new TransientProviderException(TransientProviderException.Reason.OTHER, same.size()
              + " Neutron ports are named " + plan.name() + " in network " + plan.networkId()
              + "; delete the extra ones", null);
        }
        if (same.size() == 1) {
          out.add(new Port(same.get(0).path("id").asText(), plan.name(), false));
          continue;
        }
        JsonNode created = calls.run(cloud, Service.NETWORK, "Neutron POST /v2.0/ports",
            c -> neutron.create("ports", body(plan)));
        String id = created.path("port").path("id").asText();
        out.add(new Port(id, plan.name(), true));
        if (!plan.tags().isEmpty()) {
          ObjectNode tags = JSON.createObjectNode();
          plan.tags().forEach(tags.putArray("tags")::add);
          calls.run(cloud, Service.NETWORK, "Neutron PUT /v2.0/ports/{id}/tags",
              c -> neutron.replaceTags("ports", id, tags));
        }
        if (plan.trunk()) {
          ObjectNode trunk = JSON.createObjectNode();
          trunk.putObject("trunk").put("port_id", id).put("name", plan.name());
          calls.run(cloud, Service.NETWORK, "Neutron POST /v2.0/trunks", c -> neutron.create("trunks", trunk));
        }
      }
    } catch (ProviderException | RuntimeException e) {
      deleteQuietly(cloud, out.stream().filter(Port::created).map(Port::id).toList(), plans);
      throw e;
    }
    return out;
  }

  /** The create body of one port. */
  static ObjectNode body(PortPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode p = root.putObject("port");
    p.put("network_id", plan.networkId());
    p.put("name", plan.name());
    if (plan.description() != null) {
      p.put("description", plan.description());
    }
    if (plan.adminStateUp() != null) {
      p.put("admin_state_up", plan.adminStateUp());
    }
    if (plan.macAddress() != null && !plan.macAddress().isBlank()) {
      p.put("mac_address", plan.macAddress());
    }
    if (!plan.fixedIps().isEmpty()) {
      ArrayNode fixed = p.putArray("fixed_ips");
      for (FixedIp f : plan.fixedIps()) {
        ObjectNode ip = fixed.addObject();
        if (OpenstackProviderSpec.set(f.subnetID())) {
          ip.put("subnet_id", f.subnetID());
        }
        if (OpenstackProviderSpec.set(f.ipAddress())) {
          ip.put("ip_address", f.ipAddress());
        }
      }
    }
    boolean security = !Boolean.FALSE.equals(plan.portSecurity());
    if (plan.portSecurity() != null) {
      p.put("port_security_enabled", plan.portSecurity());
    }
    if (security) {
      // Neutron refuses security groups and address pairs on a port without port security.
      if (!plan.securityGroups().isEmpty()) {
        plan.securityGroups().forEach(p.putArray("security_groups")::add);
      }
      if (!plan.allowedAddressPairs().isEmpty()) {
        ArrayNode pairs = p.putArray("allowed_address_pairs");
        for (AddressPair a : plan.allowedAddressPairs()) {
          ObjectNode pair = pairs.addObject().put("ip_address", a.ipAddress());
          if (OpenstackProviderSpec.set(a.macAddress())) {
            pair.put("mac_address", a.macAddress());
          }
        }
      }
    }
    if (OpenstackProviderSpec.set(plan.vnicType())) {
      p.put("binding:vnic_type", plan.vnicType());
    }
    if (plan.profile() != null && !plan.profile().isEmpty()) {
      ObjectNode profile = p.putObject("binding:profile");
      plan.profile().forEach(profile::put);
    }
    return root;
  }

  /**
   * Deletes ports (their trunks first when the spec asks for trunks); a port already gone counts as deleted.
   *
   * @param trunks whether trunks may exist on them
   */
  void delete(CloudConfig cloud, List<String> portIds, boolean trunks) throws ProviderException {
    for (String id : portIds) {
      if (trunks) {
        JsonNode found = calls.run(cloud, Service.NETWORK, "Neutron GET /v2.0/trunks?port_id",
            c -> neutron.list("trunks", Map.of("port_id", List.of(id))));
        for (JsonNode t : Resolver.list(found, "trunks")) {
          String trunkId = t.path("id").asText();
          check(calls.run(cloud, Service.NETWORK, "Neutron DELETE /v2.0/trunks/{id}",
              c -> neutron.delete("trunks", trunkId)), "Neutron DELETE /v2.0/trunks/" + trunkId);
        }
      }
      check(calls.run(cloud, Service.NETWORK, "Neutron DELETE /v2.0/ports/{id}", c -> neutron.delete("ports", id)),
          "Neutron DELETE /v2.0/ports/" + id);
    }
  }

  /** Best effort after a failed create: the failure being reported matters more than this cleanup's. */
  void deleteQuietly(CloudConfig cloud, List<String> portIds, List<PortPlan> plans) {
    try {
      delete(cloud, portIds, plans.stream().anyMatch(PortPlan::trunk));
    } catch (ProviderException | RuntimeException ignored) {
      // The next create reuses them by name, and delete removes them by name.
    }
  }

  static void check(ActionResponse r, String what) throws TransientProviderException {
    if (r != null && !r.isSuccess() && r.getCode() != 404) {
      throw OpenstackErrors.forStatus(r.getCode(), r.getFault(), what, null);
    }
  }
}
