package io.machineapi.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.selector.SelectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorsTest {

  private static JsonNode json(String singleQuoted) {
    try {
      return Serialization.jsonMapper().readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final JsonNode SCHEDULED = json("""
      {'metadata':{'name':'web-1','namespace':'prod'},'spec':{'nodeName':'n1'},'status':{'phase':'Running'}}""");
  private static final JsonNode PENDING = json("""
      {'metadata':{'name':'web-2','namespace':'prod'},'spec':{},'status':{'phase':'Pending'}}""");

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "spec.nodeName=n1                        | true  | false",
      "spec.nodeName==n1                       | true  | false",
      "spec.nodeName!=n1                       | false | true",
      "spec.nodeName=                          | false | true",
      "spec.nodeName!=                         | true  | false",
      "metadata.name=web-2                     | false | true",
      "metadata.namespace=prod,status.phase!=Failed | true | true",
      "metadata.namespace=prod,status.phase=Pending | false | true",
      "''                                      | true  | true",
  })
  void matchesPodsByDottedPath(String selector, boolean scheduled, boolean pending) {
    FieldMatcher matcher = FieldSelectors.parse(selector);
    assertThat(matcher.matches(SCHEDULED)).isEqualTo(scheduled);
    assertThat(matcher.matches(PENDING)).isEqualTo(pending);
  }

  @Test
  void readsNestedEventFieldsAndScalarsAsText() {
    JsonNode event = json("{'involvedObject':{'name':'web-1','kind':'Pod'},'count':3,'x':{'on':true}}");
    assertThat(FieldSelectors.parse("involvedObject.kind=Pod,involvedObject.name=web-1").matches(event)).isTrue();
    assertThat(FieldSelectors.parse("count=3,x.on=true").matches(event)).isTrue();
    assertThat(FieldSelectors.fieldValue(event, "involvedObject.uid")).isEmpty();
    assertThat(FieldSelectors.fieldValue(event, "count.deeper")).isEmpty();
    assertThat(FieldSelectors.fieldValue(null, "a")).isEmpty();
  }

  @Test
  void sortsTermsAndRoundTripsEscapes() {
    FieldMatcher matcher = FieldSelectors.parse("status.phase!=Failed,metadata.name=a\\,b\\=c\\\\d");
    assertThat(matcher.terms()).extracting(FieldMatcher.Term::field).containsExactly("metadata.name", "status.phase");
    assertThat(matcher.terms().get(0).value()).isEqualTo("a,b=c\\d");
    assertThat(matcher.toString()).isEqualTo("metadata.name=a\\,b\\=c\\\\d,status.phase!=Failed");
    assertThat(matcher.matches(json("{'metadata':{'name':'a,b=c\\\\d'}}"))).isTrue();
    assertThat(FieldSelectors.parse(matcher.toString())).isEqualTo(matcher);
  }

  @Test
  void emptyTermsAreSkippedAndNothingIsEverything() {
    assertThat(FieldSelectors.parse(",metadata.name=a,").terms()).hasSize(1);
    assertThat(FieldSelectors.parse(null).isEverything()).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "spec.nodeName                 | invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'",
      "a=b,c                         | invalid selector: 'a=b,c'; can't understand 'c'",
      "a=b=c                         | invalid field selector: unescaped character in value: '='",
      "a=b\\x                        | invalid field selector: invalid escape sequence: \\x",
      "a=b\\                         | invalid field selector: invalid escape sequence: \\",
  })
  void rejectsMalformedSelectors(String selector, String message) {
    assertThatThrownBy(() -> FieldSelectors.parse(selector))
        .isInstanceOf(SelectorException.class)
        .hasMessage(message);
  }
}
