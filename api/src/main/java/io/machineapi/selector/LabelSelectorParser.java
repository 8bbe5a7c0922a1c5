package io.machineapi.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lexer and recursive-descent parser of the label selector string syntax, a port of k8s.io/apimachinery
 * {@code labels.Parse} with its error messages:
 *
 * <pre>
 *  selector    ::= requirement | requirement "," selector
 *  requirement ::= ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
 * </pre>
 */
final class LabelSelectorParser {

  private enum Token {
    ERROR, END, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN,
    LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
  }

  private record Item(Token token, String literal) {
  }

  private static final Map<String, Token> LITERALS = Map.ofEntries(
      Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
      Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
      Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
      Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private final String input;
  private int offset;
  private final List<Item> items = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String input) {
    this.input = input;
  }

  /** Parses {@code selector}; see {@link LabelSelectors#parse(String)}. */
  static List<Requirement> parse(String selector) {
    LabelSelectorParser parser = new LabelSelectorParser(selector);
    parser.scan();
    return parser.requirements();
  }

  // ---- lexer ----

  private void scan() {
    Item item;
    do {
      item = lex();
      items.add(item);
    } while (item.token() != Token.END);
  }

  private Item lex() {
    while (offset < input.length() && isWhitespace(input.charAt(offset))) {
      offset++;
    }
    if (offset >= input.length()) {
      return new Item(Token.END, "");
    }
    return isSpecialSymbol(input.charAt(offset)) ? scanSpecialSymbol() : scanIdentifierOrKeyword();
  }

  private Item scanIdentifierOrKeyword() {
    int start = offset;
    while (offset < input.length() && !isSpecialSymbol(input.charAt(offset))
        && !isWhitespace(input.charAt(offset))) {
      offset++;
    }
    String literal = input.substring(start, offset);
    return new Item(LITERALS.getOrDefault(literal, Token.IDENTIFIER), literal);
  }

  /** Longest special-symbol sequence that is still a token ({@code !=} over {@code !}). */
  private Item scanSpecialSymbol() {
    int start = offset;
    Item last = null;
    while (offset < input.length() && isSpecialSymbol(input.charAt(offset))) {
      String buffer = input.substring(start, offset + 1);
      Token token = LITERALS.get(buffer);
      if (token != null) {
        last = new Item(token, buffer);
      } else if (last != null) {
        break;
      }
      offset++;
    }
    if (last == null) {
      return new Item(Token.ERROR, "error expected: keyword found '" + input.substring(start, offset) + "'");
    }
    offset = start + last.literal().length();
    return last;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpecialSymbol(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  // ---- parser ----

  /** In value position, {@code in} and {@code notin} are ordinary identifiers. */
  private Item lookaheadValue() {
    return asValue(items.get(position));
  }

  private Item consumeValue() {
    return asValue(items.get(position++));
  }

  private static Item asValue(Item item) {
    return item.token() == Token.IN || item.token() == Token.NOT_IN
        ? new Item(Token.IDENTIFIER, item.literal()) : item;
  }

  private List<Requirement> requirements() {
    List<Requirement> requirements = new ArrayList<>();
    while (true) {
      Item next = lookaheadValue();
      switch (next.token()) {
        case IDENTIFIER, DOES_NOT_EXIST -> {
          try {
            requirements.add(requirement());
          } catch (SelectorException e) {
            throw new SelectorException("unable to parse requirement: " + e.getMessage());
          }
          Item separator = consumeValue();
          if (separator.token() == Token.END) {
            return requirements;
          }
          if (separator.token() != Token.COMMA) {
            throw new SelectorException("found '" + separator.literal()
                + "', expected: ',' or 'end of string'");
          }
          Item after = lookaheadValue();
          if (after.token() != Token.IDENTIFIER && after.token() != Token.DOES_NOT_EXIST) {
            throw new SelectorException("found '" + after.literal() + "', expected: identifier after ','");
          }
        }
        case END -> {
          return requirements;
        }
        default -> throw new SelectorException("found '" + next.literal()
            + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private Requirement requirement() {
    Item item = consumeValue();
    boolean negated = item.token() == Token.DOES_NOT_EXIST;
    if (negated) {
      item = consumeValue();
    }
    if (item.token() != Token.IDENTIFIER) {
      throw new SelectorException("found '" + item.literal() + "', expected: identifier");
    }
    String key = item.literal();
    List<String> keyErrors = NameSyntax.isQualifiedName(key);
    if (!keyErrors.isEmpty()) {
      // Kubernetes validates the key here with a nil field path, hence "<nil>".
      throw new SelectorException("<nil>: Invalid value: " + Requirement.quote(key) + ": "
          + String.join("; ", keyErrors));
    }
    Token following = lookaheadValue().token();
    if (negated || following == Token.END || following == Token.COMMA) {
      // "!key" takes no operator; a following operator then fails at the separator check.
      return Requirement.of(key, negated ? Operator.DOES_NOT_EXIST : Operator.EXISTS, List.of());
    }
    Operator operator = operator();
    List<String> values = operator == Operator.IN || operator == Operator.NOT_IN ? setValues() : exactValue();
    return Requirement.of(key, operator, values);
  }

  private Operator operator() {
    Item item = items.get(position++);
    return switch (item.token()) {
      case IN -> Operator.IN;
      case NOT_IN -> Operator.NOT_IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      case GREATER_THAN -> Operator.GREATER_THAN;
      case LESS_THAN -> Operator.LESS_THAN;
      default -> throw new SelectorException("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
    };
  }

  /** {@code (a,b)}; values form a sorted set and empty entries count as the empty value, as in Kubernetes. */
  private List<String> setValues() {
    Item open = consumeValue();
    if (open.token() != Token.OPEN_PAR) {
      throw new SelectorException("found '" + open.literal() + "' expected: '('");
    }
    Item next = lookaheadValue();
    switch (next.token()) {
      case IDENTIFIER, COMMA -> {
        List<String> values = identifiers();
        if (consumeValue().token() != Token.CLOSED_PAR) {
          throw new SelectorException("found '" + next.literal() + "', expected: ')'");
        }
        return values;
      }
      case CLOSED_PAR -> {
        consumeValue();
        return List.of("");
      }
      default -> throw new SelectorException("found '" + next.literal()
          + "', expected: ',', ')' or identifier");
    }
  }

  private List<String> identifiers() {
    TreeSet<String> values = new TreeSet<>();
    while (true) {
      Item item = consumeValue();
      switch (item.token()) {
        case IDENTIFIER -> {
          values.add(item.literal());
          Item next = lookaheadValue();
          if (next.token() == Token.CLOSED_PAR) {
            return List.copyOf(values);
          }
          if (next.token() != Token.COMMA) {
            throw new SelectorException("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add(""); // "(,"
          }
          Token next = lookaheadValue().token();
          if (next == Token.CLOSED_PAR) {
            values.add(""); // ",)"
            return List.copyOf(values);
          }
          if (next == Token.COMMA) {
            consumeValue();
            values.add(""); // ",,"
          }
        }
        default -> throw new SelectorException("found '" + item.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private List<String> exactValue() {
    Token next = lookaheadValue().token();
    if (next == Token.END || next == Token.COMMA) {
      return List.of("");
    }
    Item item = consumeValue();
    if (item.token() != Token.IDENTIFIER) {
      throw new SelectorException("found '" + item.literal() + "', expected: identifier");
    }
    return List.of(item.literal());
  }
}
