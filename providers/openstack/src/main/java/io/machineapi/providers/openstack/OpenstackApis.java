package io.machineapi.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.openstack.compute.internal.BaseComputeServices;
import org.openstack4j.openstack.image.v2.internal.BaseImageServices;
import org.openstack4j.openstack.networking.internal.BaseNetworkingServices;

/**
 * The requests this provider sends, on OpenStack4j's transport (the thread's session: token, catalogue endpoint,
 * timeouts) with JSON bodies and answers, so every field the services accept reaches them (OpenStack4j's
 * ServerCreate has no {@code tags}, and its models do not follow newer microversions). Must be called on a thread
 * bound by {@link Sessions#bind}. A GET of something missing answers {@code null} (OpenStack4j maps 404 so).
 */
final class OpenstackApis {
  /** Nova microversion of every compute request: server tags (2.52), tag filters (2.26), soft-anti-affinity (2.15). */
  static final String COMPUTE_MICROVERSION = "2.52";

  private OpenstackApis() {}

  /** Nova. */
  static final class Nova extends BaseComputeServices {
    private <R> Invocation<R> v(Invocation<R> i) {
      return v(i, COMPUTE_MICROVERSION);
    }

    private <R> Invocation<R> v(Invocation<R> i, String microversion) {
      return i.header("OpenStack-API-Version", "compute " + microversion)
          .header("X-OpenStack-Nova-API-Version", microversion);
    }

    JsonNode servers(Map<String, String> filters) {
      return v(get(JsonNode.class, uri("/servers/detail"))).params(filters).execute();
    }

    JsonNode server(String id) {
      return v(get(JsonNode.class, uri("/servers/%s", id))).execute();
    }

    JsonNode createServer(ObjectNode body, String microversion) {
      return v(post(JsonNode.class, uri("/servers")), microversion).json(body.toString()).execute();
    }

    ActionResponse deleteServer(String id) {
      return v(deleteWithResponse(uri("/servers/%s", id))).execute();
    }

    JsonNode flavors() {
      return v(get(JsonNode.class, uri("/flavors/detail"))).execute();
    }

    JsonNode flavorExtraSpecs(String flavorId) {
      return v(get(JsonNode.class, uri("/flavors/%s/os-extra-specs", flavorId))).execute();
    }

    JsonNode serverGroups() {
      return v(get(JsonNode.class, uri("/os-server-groups"))).execute();
    }

    JsonNode createServerGroup(ObjectNode body) {
      return v(post(JsonNode.class, uri("/os-server-groups"))).json(body.toString()).execute();
    }
  }

  /** Neutron ({@code /v2.0}). */
  static final class Neutron extends BaseNetworkingServices {
    JsonNode list(String resource, Map<String, List<String>> filters) {
      return get(JsonNode.class, uri("/%s", resource)).paramLists(filters).execute();
    }

    JsonNode create(String resource, ObjectNode body) {
      return post(JsonNode.class, uri("/%s", resource)).json(body.toString()).execute();
    }

    JsonNode replaceTags(String resource, String id, ObjectNode body) {
      return put(JsonNode.class, uri("/%s/%s/tags", resource, id)).json(body.toString()).execute();
    }

    ActionResponse delete(String resource, String id) {
      return deleteWithResponse(uri("/%s/%s", resource, id)).execute();
    }

    JsonNode extensions() {
      return get(JsonNode.class, uri("/extensions")).execute();
    }
  }

  /** Glance v2. */
  static final class Glance extends BaseImageServices {
    JsonNode images(Map<String, String> filters) {
      return get(JsonNode.class, uri("/images")).params(filters).execute();
    }

    JsonNode image(String id) {
      return get(JsonNode.class, uri("/images/%s", id)).execute();
    }
  }
}
