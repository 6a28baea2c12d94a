package hapmeter.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import hapmeter.Json;
import hapmeter.campaign.Campaign;
import hapmeter.campaign.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Write a campaign's cells as JSON lines, one per cell, for `run-cell` on a batch engine.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    CampaignOptions campaign;

    @Option(names = "--out", description = "File for the JSON lines (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (CellSpec c : new Campaign(campaign.toRunOptions(new Progress(System.err)), m -> { }).plan()) {
            lines.append(Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(c)).append('\n');
        }
        if (out == null) {
            System.out.print(lines);
        } else {
            Files.writeString(out, lines);
        }
        return 0;
    }
}
