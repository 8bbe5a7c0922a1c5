package io.machineapi.apiserver.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonMergePatchTest {

  static JsonNode json(String singleQuoted) {
    try {
      return Serialization.jsonMapper().readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  /** RFC 7386, Appendix A: every example, verbatim. */
  static Stream<Arguments> rfc7386AppendixA() {
    return Stream.of(
        Arguments.of("{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
        Arguments.of("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
        Arguments.of("{'a':'b'}", "{'a':null}", "{}"),
        Arguments.of("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
        Arguments.of("{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
        Arguments.of("{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
        Arguments.of("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
        Arguments.of("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
        Arguments.of("['a','b']", "['c','d']", "['c','d']"),
        Arguments.of("{'a':'b'}", "['c']", "['c']"),
        Arguments.of("{'a':'foo'}", "null", "null"),
        Arguments.of("{'a':'foo'}", "'bar'", "'bar'"),
        Arguments.of("{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
        Arguments.of("[1,2]", "{'a':'b','c':null}", "{'a':'b'}"),
        Arguments.of("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"));
  }

  @ParameterizedTest
  @MethodSource("rfc7386AppendixA")
  void appliesEveryAppendixExample(String target, String patch, String expected) {
    assertThat(JsonMergePatch.apply(json(target), json(patch))).isEqualTo(json(expected));
  }

  @Test
  void appliesTheSection3Example() {
    JsonNode target = json("""
        {'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},
        'tags':['example','sample'],'content':'This will be unchanged'}""");
    JsonNode patch = json("""
        {'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}""");
    assertThat(JsonMergePatch.apply(target, patch)).isEqualTo(json("""
        {'title':'Hello!','author':{'givenName':'John'},'tags':['example'],
        'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"""));
  }

  @Test
  void clearsFinalizersWithAnEmptyListAndReplacesConditionLists() {
    JsonNode node = json("{'metadata':{'finalizers':['a','b']},'status':{'conditions':[{'type':'Ready'}]}}");
    JsonNode patched = JsonMergePatch.apply(node,
        json("{'metadata':{'finalizers':[]},'status':{'conditions':[{'type':'DiskPressure'}]}}"));
    assertThat(patched).isEqualTo(
        json("{'metadata':{'finalizers':[]},'status':{'conditions':[{'type':'DiskPressure'}]}}"));
  }

  @Test
  void leavesItsArgumentsUntouched() {
    JsonNode target = json("{'a':{'b':1},'c':[1]}");
    JsonNode patch = json("{'a':{'b':null,'d':{'e':null}},'c':[2]}");
    JsonNode result = JsonMergePatch.apply(target, patch);

    assertThat(result).isEqualTo(json("{'a':{'d':{}},'c':[2]}"));
    assertThat(target).isEqualTo(json("{'a':{'b':1},'c':[1]}"));
    assertThat(patch).isEqualTo(json("{'a':{'b':null,'d':{'e':null}},'c':[2]}"));
    ((com.fasterxml.jackson.databind.node.ArrayNode) result.get("c")).add(3);
    assertThat(patch.get("c")).hasSize(1);
  }

  @Test
  void treatsAMissingTargetAsNoDocument() {
    assertThat(JsonMergePatch.apply(null, json("{'a':{'b':null,'c':1}}"))).isEqualTo(json("{'a':{'c':1}}"));
  }

  @Test
  void rejectsAJavaNullPatch() {
    assertThatThrownBy(() -> JsonMergePatch.apply(json("{}"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
