package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The flags reference in docs/operations.md is generated from the code: each block between
 * {@code <!-- BEGIN machine-api COMMAND --help -->} and {@code <!-- END -->} is exactly that command's help. Run
 * with {@code -Ddocs.update=true} to rewrite the blocks after changing an option.
 */
class OperationsDocTest {
  private static final Path DOC = Path.of(System.getProperty("docs.dir", "../docs"), "operations.md");
  private static final List<String> COMMANDS = List.of("run", "sandbox");

  @Test
  void theFlagsReferenceIsTheCommandsHelp() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String generated = doc;
    for (String command : COMMANDS) {
      Pattern block = Pattern.compile("(<!-- BEGIN machine-api " + command + " --help -->\n```text\n)(.*?)(```\n"
          + "<!-- END -->)", Pattern.DOTALL);
      Matcher matcher = block.matcher(generated);
      assertThat(matcher.find()).as("docs/operations.md has a block for machine-api %s --help", command).isTrue();
      generated = matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + help(command) + matcher.group(3)));
    }
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
      doc = Files.readString(DOC, StandardCharsets.UTF_8);
    }
    assertThat(doc).as("docs/operations.md is current (regenerate with -Ddocs.update=true)").isEqualTo(generated);
  }

  private static String help(String command) {
    CommandLine sub = MachineApiCli.commandLine().getSubcommands().get(command);
    String usage = sub.getUsageMessage(CommandLine.Help.Ansi.OFF);
    return usage.lines().map(String::stripTrailing).reduce("", (a, line) -> a + line + "\n");
  }
}
