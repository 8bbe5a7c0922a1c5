package io.machineapi.providers.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceLabels;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineAddress.Type;
import io.machineapi.spi.TransientProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerReportTest {

  static JsonNode server(String status, String extra) {
    return OpenstackProviderSpecTest.json("""
        {"id": "4f2c", "name": "w-1", "status": "%s", "OS-EXT-AZ:availability_zone": "nova",
         "flavor": {"original_name": "m1.small", "vcpus": 1, "ram": 2048},
         "addresses": {
           "storage": [{"addr": "10.1.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"}],
           "private": [{"addr": "fd00::5", "version": 6, "OS-EXT-IPS:type": "fixed"},
                       {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"},
                       {"addr": "172.24.4.9", "version": 4, "OS-EXT-IPS:type": "floating"}]}
         %s}
        """.formatted(status, extra));
  }

  @ParameterizedTest
  @CsvSource({"BUILD,PENDING", "ACTIVE,RUNNING", "SHUTOFF,RUNNING", "DELETED,GONE", "SOFT_DELETED,GONE",
      "REBOOT,PENDING"})
  void novaStatusToState(String status, InstanceState.Kind kind) {
    InstanceState state = ServerReport.state(server(status, ""), "w-1", "m1.tiny", "RegionOne");
    assertThat(state.kind()).isEqualTo(kind);
    assertThat(state.details().cloudState()).contains(status);
  }

  @Test
  void aServerBeingDeletedIsTerminating() {
    InstanceState state = ServerReport.state(server("ACTIVE", ", \"OS-EXT-STS:task_state\": \"deleting\""), "w-1",
        "m1.small", "RegionOne");
    assertThat(state.kind()).isEqualTo(InstanceState.Kind.TERMINATING);
  }

  @Test
  void detailsCarryProviderIdLabelsAndAddressesInOrder() {
    InstanceDetails d = ServerReport.details(server("ACTIVE", ""), "w-1", "spec-flavor", "RegionOne");
    assertThat(d.providerId()).contains("openstack:///4f2c");
    assertThat(d.labels()).isEqualTo(InstanceLabels.of("m1.small", "RegionOne", "nova"));
    assertThat(d.addresses()).containsExactly(
        new MachineAddress(Type.INTERNAL_IP, "10.0.0.5"),
        new MachineAddress(Type.EXTERNAL_IP, "172.24.4.9"),
        new MachineAddress(Type.INTERNAL_IP, "fd00::5"),
        new MachineAddress(Type.INTERNAL_IP, "10.1.0.5"),
        new MachineAddress(Type.HOSTNAME, "w-1"),
        new MachineAddress(Type.INTERNAL_DNS, "w-1"));
  }

  @Test
  void aServerThatNeverRanGivesNoProviderIdNorAddresses() {
    for (String status : new String[] {"BUILD", "ERROR"}) {
      InstanceDetails d = ServerReport.details(server(status, ""), "w-1", "m1.small", "RegionOne");
      assertThat(d.providerId()).as(status).isEmpty();
      assertThat(d.addresses()).as(status).isEmpty();
      assertThat(d.cloudState()).contains(status);
    }
    assertThat(ServerReport.details(server("SHUTOFF", ""), "w-1", "m1.small", "RegionOne").providerId())
        .contains("openstack:///4f2c");
  }

  @Test
  void theSpecFlavorLabelsServersWithoutAnEmbeddedFlavor() {
    JsonNode s = OpenstackProviderSpecTest.json("{\"id\": \"1\", \"status\": \"BUILD\", \"flavor\": {\"id\": \"2\"}}");
    assertThat(ServerReport.details(s, "w", "m1.tiny", null).labels().instanceType()).contains("m1.tiny");
  }

  @Test
  void anErrorWithNoValidHostIsACapacityFailureCarryingTheFault() {
    JsonNode s = server("ERROR", ", \"fault\": {\"code\": 500, \"message\": \"No valid host was found. \"}");
    TransientProviderException f = ServerReport.fault(s);
    assertThat(f.reason()).isEqualTo(TransientProviderException.Reason.INSUFFICIENT_CAPACITY);
    assertThat(f.getMessage()).contains("No valid host was found", "4f2c");
    assertThat(f.minimumBackoff()).contains(OpenstackErrors.CAPACITY_BACKOFF);
    TransientProviderException other = ServerReport.fault(server("ERROR",
        ", \"fault\": {\"message\": \"Build of instance aborted: image not bootable\"}"));
    assertThat(other.reason()).isEqualTo(TransientProviderException.Reason.OPERATION_FAILED);
    assertThat(other.getMessage()).contains("image not bootable");
  }
}
