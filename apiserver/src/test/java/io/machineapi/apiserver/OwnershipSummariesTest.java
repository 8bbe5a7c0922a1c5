package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipSummariesTest {

  private static final String CHILD = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
      + "\"namespace\":\"ns\",\"uid\":\"u-child\",\"ownerReferences\":[{\"uid\":\"u-owner\"}]}}";
  private static final String OWNER = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":"
      + "{\"name\":\"w\",\"uid\":\"u-owner\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"}}";

  @Test
  void summarisesWhatTheCollectorNeeds() {
    OwnershipSummaries.Summary child = OwnershipSummaries.summarise(CHILD);
    assertThat(child).isEqualTo(new OwnershipSummaries.Summary("u-child", List.of("u-owner"), false, "v1",
        "ConfigMap", "ns", "c", List.of(), List.of()));
    OwnershipSummaries.Summary owner = OwnershipSummaries.summarise(OWNER);
    assertThat(owner.deleting()).isTrue();
    assertThat(owner.ownerUids()).isEmpty();
    assertThat(owner.namespace()).isEmpty();
  }

  @Test
  void aStoredVersionIsParsedOnceAndAnEqualButNewVersionAgain() {
    OwnershipSummaries summaries = new OwnershipSummaries();
    OwnershipSummaries.Summary first = summaries.refresh(List.of(CHILD, OWNER)).get(0);
    OwnershipSummaries.Summary again = summaries.refresh(List.of(CHILD, OWNER)).get(0);
    assertThat(again).isSameAs(first);

    String rewritten = new String(CHILD.toCharArray());
    OwnershipSummaries.Summary reparsed = summaries.refresh(List.of(rewritten)).get(0);
    assertThat(reparsed).isNotSameAs(first).isEqualTo(first);
    assertThat(summaries.cached()).as("versions no longer stored are forgotten").isEqualTo(1);
  }
}
