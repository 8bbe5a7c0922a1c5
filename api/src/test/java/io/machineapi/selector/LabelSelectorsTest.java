package io.machineapi.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorsTest {

  private static final Map<String, String> WORKER = Map.of("role", "worker", "zone", "a", "gpu", "2");

  @Nested
  class StringSyntax {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "role=worker            | true",
        "role==worker           | true",
        "role=master            | false",
        "role!=master           | true",
        "role!=worker           | false",
        "missing!=x             | true",
        "role in (master,worker)| true",
        "role in (master)       | false",
        "missing in (x)         | false",
        "role notin (master)    | true",
        "role notin (worker)    | false",
        "missing notin (x)      | true",
        "role                   | true",
        "missing                | false",
        "!missing               | true",
        "!role                  | false",
        "gpu>1                  | true",
        "gpu>2                  | false",
        "gpu<3                  | true",
        "role>1                 | false",
        "missing<3              | false",
        "role=worker,zone=a     | true",
        "role=worker,zone=b     | false",
        "' role = worker , zone in ( a , b ) ' | true",
        "''                     | true",
    })
    void matchesLikeKubernetes(String selector, boolean expected) {
      assertThat(LabelSelectors.parse(selector).matches(WORKER)).isEqualTo(expected);
    }

    @Test
    void formatsCanonicallySortedByKeyAndValue() {
      assertThat(LabelSelectors.parse("c in (y,x),a=b").toString()).isEqualTo("a=b,c in (x,y)");
      assertThat(LabelSelectors.parse("b==1,!a,c notin (z),d,e!=2,f>3,g<4").toString())
          .isEqualTo("!a,b==1,c notin (z),d,e!=2,f>3,g<4");
    }

    @Test
    void emptyValuesFollowKubernetesRules() {
      LabelMatcher matcher = LabelSelectors.parse("x in (foo,,baz),y,z notin ()");
      assertThat(matcher.toString()).isEqualTo("x in (,baz,foo),y,z notin ()");
      assertThat(matcher.requirements().get(0).values()).containsExactly("", "baz", "foo");
      assertThat(LabelSelectors.parse("a=").matches(Map.of("a", ""))).isTrue();
      assertThat(LabelSelectors.parse("a=").matches(Map.of())).isFalse();
    }

    @Test
    void keywordsAreValuesInsideParentheses() {
      assertThat(LabelSelectors.parse("a in (in,notin)").matches(Map.of("a", "notin"))).isTrue();
    }

    @Test
    void blankSelectsEverything() {
      assertThat(LabelSelectors.parse(null).isEverything()).isTrue();
      assertThat(LabelSelectors.parse("  ").isEverything()).isTrue();
      assertThat(LabelSelectors.parse("a").isEverything()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a b        | unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
        "a in x     | unable to parse requirement: found 'x' expected: '('",
        "a in (x    | unable to parse requirement: found '', expected: ',' or ')'",
        "a=b,       | found '', expected: identifier after ','",
        ",a         | found ',', expected: !, identifier, or 'end of string'",
        "a=b c      | found 'c', expected: ',' or 'end of string'",
        "!a=b       | found '=', expected: ',' or 'end of string'",
        "a>x        | unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer",
    })
    void rejectsMalformedInputWithKubernetesMessages(String selector, String message) {
      assertThatThrownBy(() -> LabelSelectors.parse(selector))
          .isInstanceOf(SelectorException.class)
          .hasMessage(message);
    }

    @Test
    void rejectsInvalidKeysAndValues() {
      assertThatThrownBy(() -> LabelSelectors.parse("a/b/c=x"))
          .hasMessageStartingWith("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": "
              + "a qualified name must consist of alphanumeric characters");
      assertThatThrownBy(() -> LabelSelectors.parse("-a=x"))
          .hasMessage("unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of "
              + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
              + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
              + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
      assertThatThrownBy(() -> LabelSelectors.parse("a=b$"))
          .hasMessageStartingWith("unable to parse requirement: values[0][a]: Invalid value: \"b$\": "
              + "a valid label must be an empty string");
      assertThatThrownBy(() -> LabelSelectors.parse("Example.com/a=x"))
          .hasMessageContaining("prefix part a lowercase RFC 1123 subdomain");
    }
  }

  @Nested
  class StructuredSelectors {

    private final LabelSelector selector = new LabelSelectorBuilder()
        .addToMatchLabels("b", "2").addToMatchLabels("a", "1")
        .addNewMatchExpression().withKey("c").withOperator("In").withValues("y", "x").endMatchExpression()
        .addNewMatchExpression().withKey("d").withOperator("Exists").endMatchExpression()
        .addNewMatchExpression().withKey("e").withOperator("DoesNotExist").endMatchExpression()
        .addNewMatchExpression().withKey("f").withOperator("NotIn").withValues("z").endMatchExpression()
        .build();

    @Test
    void formatsLikeLabelSelectorAsSelector() {
      assertThat(LabelSelectors.fromLabelSelector(selector).toString())
          .isEqualTo("a=1,b=2,c in (x,y),d,!e,f notin (z)");
      assertThat(LabelSelectors.format(selector)).isEqualTo("a=1,b=2,c in (x,y),d,!e,f notin (z)");
    }

    @Test
    void matchesEveryRequirement() {
      LabelMatcher matcher = LabelSelectors.fromLabelSelector(selector);
      assertThat(matcher.matches(Map.of("a", "1", "b", "2", "c", "x", "d", ""))).isTrue();
      assertThat(matcher.matches(Map.of("a", "1", "b", "2", "c", "x", "d", "", "e", "1"))).isFalse();
      assertThat(matcher.matches(Map.of("a", "1", "b", "2", "c", "x", "d", "", "f", "z"))).isFalse();
      assertThat(matcher.matches(Map.of("a", "1", "b", "2", "c", "w", "d", ""))).isFalse();
      assertThat(matcher.matches(Map.of("a", "1", "b", "2", "c", "x"))).isFalse();
    }

    @Test
    void readsTheStoredJsonForm() {
      JsonNode json = Serialization.jsonMapper().valueToTree(selector);
      assertThat(LabelSelectors.fromJson(json).toString()).isEqualTo("a=1,b=2,c in (x,y),d,!e,f notin (z)");
    }

    @Test
    void nullSelectsNothingAndEmptySelectsEverything() {
      assertThat(LabelSelectors.fromLabelSelector(null).matches(Map.of())).isFalse();
      assertThat(LabelSelectors.fromJson(null).matches(Map.of("a", "b"))).isFalse();
      assertThat(LabelSelectors.fromLabelSelector(new LabelSelector()).matches(Map.of("a", "b"))).isTrue();
      assertThat(LabelSelectors.fromJson(Serialization.jsonMapper().createObjectNode()).isEverything()).isTrue();
      assertThat(LabelSelectors.format(new LabelSelector())).isEqualTo("<none>");
      assertThat(LabelSelectors.format(null)).isEqualTo("<none>");
    }

    @Test
    void rejectsUnknownOperatorsAndMissingValues() {
      LabelSelector badOperator = new LabelSelectorBuilder()
          .addNewMatchExpression().withKey("a").withOperator("Gt").withValues("1").endMatchExpression().build();
      assertThatThrownBy(() -> LabelSelectors.fromLabelSelector(badOperator))
          .isInstanceOf(SelectorException.class)
          .hasMessage("\"Gt\" is not a valid label selector operator");
      assertThat(LabelSelectors.format(badOperator)).isEqualTo("<error>");

      LabelSelector noValues = new LabelSelectorBuilder()
          .addNewMatchExpression().withKey("a").withOperator("In").endMatchExpression().build();
      assertThatThrownBy(() -> LabelSelectors.fromLabelSelector(noValues))
          .hasMessage("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");

      LabelSelector valuesOnExists = new LabelSelectorBuilder()
          .addNewMatchExpression().withKey("a b").withOperator("Exists").withValues("x").endMatchExpression()
          .build();
      assertThatThrownBy(() -> LabelSelectors.fromLabelSelector(valuesOnExists))
          .hasMessageStartingWith("[key: Invalid value: \"a b\": name part must consist")
          .hasMessageEndingWith("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist]");
    }

    @Test
    void gtAndLtBelongToNodeAffinityNotToLabelSelectors() {
      assertThat(Operator.ofLabelSelectorOperator("In")).contains(Operator.IN);
      assertThat(Operator.ofLabelSelectorOperator("NotIn")).contains(Operator.NOT_IN);
      assertThat(Operator.ofLabelSelectorOperator("Exists")).contains(Operator.EXISTS);
      assertThat(Operator.ofLabelSelectorOperator("DoesNotExist")).contains(Operator.DOES_NOT_EXIST);
      assertThat(Operator.ofLabelSelectorOperator("Gt")).isEmpty();
      assertThat(Operator.ofLabelSelectorOperator("Lt")).isEmpty();
      assertThat(Operator.ofLabelSelectorOperator("in")).isEmpty();
      assertThat(Operator.ofLabelSelectorOperator(null)).isEmpty();
      LabelSelector lt = new LabelSelectorBuilder()
          .addNewMatchExpression().withKey("gpu").withOperator("Lt").withValues("3").endMatchExpression().build();
      assertThatThrownBy(() -> LabelSelectors.fromLabelSelector(lt))
          .hasMessage("\"Lt\" is not a valid label selector operator");
    }

    @Test
    void repeatedValuesFormatOnce() {
      LabelSelector repeated = new LabelSelectorBuilder()
          .addNewMatchExpression().withKey("c").withOperator("NotIn").withValues("y", "x", "x").endMatchExpression()
          .build();
      assertThat(LabelSelectors.fromLabelSelector(repeated).toString()).isEqualTo("c notin (x,y)");
    }

    @Test
    void combinesMatchLabelsWithBuiltRequirements() {
      LabelMatcher matcher = LabelMatcher.of(Map.of("a", "1"),
          List.of(Requirement.of("b", Operator.NOT_IN, List.of("x"))));
      assertThat(matcher.toString()).isEqualTo("a=1,b notin (x)");
      assertThat(matcher.matches(Map.of("a", "1"))).isTrue();
      assertThat(matcher.matches(Map.of("a", "1", "b", "x"))).isFalse();
      assertThat(matcher.matches(Map.of("b", "y"))).isFalse();
      assertThat(LabelMatcher.of(Map.of(), List.of()).isEverything()).isTrue();
      assertThatThrownBy(() -> LabelMatcher.of(Map.of("a b", "1"), List.of()))
          .isInstanceOf(SelectorException.class)
          .hasMessageStartingWith("key: Invalid value: \"a b\"");
    }

    @Test
    void requirementsRoundTripThroughTheirString() {
      LabelMatcher matcher = LabelSelectors.fromLabelSelector(selector);
      assertThat(LabelSelectors.parse(matcher.toString()).toString()).isEqualTo(matcher.toString());
      assertThat(matcher.requirements()).extracting(Requirement::operator).containsExactly(
          Operator.EQUALS, Operator.EQUALS, Operator.IN, Operator.EXISTS, Operator.DOES_NOT_EXIST,
          Operator.NOT_IN);
      assertThat(Requirement.of("k", Operator.IN, List.of("b", "a")).toString()).isEqualTo("k in (a,b)");
    }
  }
}
