package hapmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `hapmeter SUBCOMMAND --help`, for every subcommand at every level: its usage on stdout, exit 0. */
class HelpTest {
    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }

    @Test
    void everySubcommandHasHelp() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new HapmeterCli()), List.of(), commands);
        assertTrue(commands.size() >= 14, "subcommands: " + commands);
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            CliHarness.Outcome o = CliHarness.run(args.toArray(String[]::new));
            assertEquals(0, o.exit(), c + ": " + o.err());
            assertTrue(o.out().contains("Usage: hapmeter " + String.join(" ", c)), c + ": " + o.out());
        }
    }
}
