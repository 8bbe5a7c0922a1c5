package io.machineapi.apiserver.schema;

import static io.machineapi.apiserver.schema.CrdSchemaAdmissionTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoFormatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0.5, 0.5",
      "100.0, 100",
      "123456.0, 123456",
      "1000000.0, 1e+06",
      "1234567.0, 1.234567e+06",
      "0.0001, 0.0001",
      "0.00001, 1e-05",
      "-2.5, -2.5",
      "1e21, 1e+21",
      "1.5e300, 1.5e+300",
  })
  void printsFloatsLikeGosPercentV(double value, String expected) {
    assertThat(GoFormat.float64(value)).isEqualTo(expected);
  }

  @Test
  void printsValuesAsFieldErrorsDo() {
    assertThat(GoFormat.value(TextNode.valueOf("x\"y\n\u0001é"))).isEqualTo("\"x\\\"y\\n\\x01é\"");
    assertThat(GoFormat.value(IntNode.valueOf(-1))).isEqualTo("-1");
    assertThat(GoFormat.value(DoubleNode.valueOf(2))).isEqualTo("2");
    assertThat(GoFormat.value(null)).isEqualTo("null");
    assertThat(GoFormat.value(json("{'b':[1,2.5,{'d':null,'c':true}],'a':'s'}")))
        .isEqualTo("{\"a\":\"s\",\"b\":[1,2.5,{\"c\":true,\"d\":null}]}");
    assertThat(GoFormat.plain(json("{'b':[1,'x'],'a':{}}"))).isEqualTo("map[a:map[] b:[1 x]]");
  }

  @Test
  void truncatesBoundsForIntegerValues() {
    assertThat(GoFormat.bound(DoubleNode.valueOf(0.0), IntNode.valueOf(-1))).isEqualTo("0");
    assertThat(GoFormat.bound(DoubleNode.valueOf(1.5), DoubleNode.valueOf(2.5))).isEqualTo("1.5");
  }
}
