package io.machineapi.spi.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machineapi.spi.inventory.HostSelector.Operator;
import io.machineapi.spi.inventory.HostSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostInventoryTypesTest {

  private static final Map<String, String> HOST = Map.of("rack", "r1", "size", "large");

  @Test
  void matchLabelsNeedEqualValues() {
    assertThat(new HostSelector(Map.of("rack", "r1"), List.of()).matches(HOST)).isTrue();
    assertThat(new HostSelector(Map.of("rack", "r2"), List.of()).matches(HOST)).isFalse();
    assertThat(new HostSelector(Map.of("zone", "a"), List.of()).matches(HOST)).isFalse();
    assertThat(HostSelector.any().matches(Map.of())).isTrue();
  }

  @Test
  void expressionsFollowKubernetesSelectorSemantics() {
    assertThat(select(new Requirement("size", Operator.IN, List.of("large", "xl")))).isTrue();
    assertThat(select(new Requirement("size", Operator.IN, List.of("small")))).isFalse();
    assertThat(select(new Requirement("size", Operator.NOT_IN, List.of("small")))).isTrue();
    assertThat(select(new Requirement("gpu", Operator.NOT_IN, List.of("yes")))).isTrue();
    assertThat(select(new Requirement("rack", Operator.EXISTS, List.of()))).isTrue();
    assertThat(select(new Requirement("gpu", Operator.EXISTS, List.of()))).isFalse();
    assertThat(select(new Requirement("gpu", Operator.DOES_NOT_EXIST, List.of()))).isTrue();
  }

  @Test
  void operatorsParseInAnyCaseAndValuesMustFitTheOperator() {
    assertThat(Operator.parse("NotIn")).isEqualTo(Operator.NOT_IN);
    assertThat(Operator.parse("DoesNotExist")).isEqualTo(Operator.DOES_NOT_EXIST);
    assertThatThrownBy(() -> Operator.parse("Gt")).hasMessageContaining("Gt");
    assertThatThrownBy(() -> new Requirement("k", Operator.IN, List.of())).hasMessageContaining("needs values");
    assertThatThrownBy(() -> new Requirement("k", Operator.EXISTS, List.of("v"))).hasMessageContaining("no values");
  }

  @Test
  void keysAndValuesMustBeLabelSyntaxAndTheMatcherIsTheSharedOne() {
    assertThatThrownBy(() -> new HostSelector(Map.of("a b", "x"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a b\"");
    assertThatThrownBy(() -> new HostSelector(Map.of(), List.of(new Requirement("size", Operator.IN, List.of("x$")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"x$\"");
    HostSelector selector = new HostSelector(Map.of("rack", "r1"),
        List.of(new Requirement("size", Operator.parse("notin"), List.of("small"))));
    assertThat(selector.matcher().toString()).isEqualTo("rack=r1,size notin (small)");
    assertThat(selector.matches(HOST)).isTrue();
    assertThat(HostSelector.any().matcher().isEverything()).isTrue();
  }

  @Test
  void hostIdRoundTripsThroughItsTokenAndFormsTheProviderId() {
    HostId id = new HostId("openshift-machine-api", "host-0", "2f1c");

    assertThat(HostId.parseToken(id.token())).isEqualTo(id);
    assertThat(id.providerId()).isEqualTo("baremetalhost:///openshift-machine-api/host-0/2f1c");
    assertThatThrownBy(() -> HostId.parseToken("ns/name")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeploymentNeedsAnImageOrACustomDeployMethod() {
    assertThatThrownBy(() -> new HostDeployment(Optional.empty(), Optional.of(" "), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new HostDeployment(Optional.empty(), Optional.of("install_coreos"), Optional.empty())
        .customDeployMethod()).contains("install_coreos");
  }

  private static boolean select(Requirement requirement) {
    return new HostSelector(Map.of(), List.of(requirement)).matches(HOST);
  }
}
