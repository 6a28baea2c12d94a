package hapmeter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hapmeter.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Report.write on the recorded four-scenario run: every output file, its format, and the time it takes. */
class ReportWriteTest {
    @TempDir
    Path tmp;

    @Test
    void writesEveryOutputAtomicallyAndInTheSameOrder() throws Exception {
        Path run = RunFixtures.copy("full", tmp);
        long t0 = System.nanoTime();
        Report.Outcome o = Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        long first = System.nanoTime() - t0;
        t0 = System.nanoTime();
        Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        long second = System.nanoTime() - t0;
        // No assertion on time; the first call of a JVM also starts AWT and loads fonts for the chart.
        System.out.printf("Report.write on the 4-scenario fixture: %.0f ms, again %.0f ms%n", first / 1e6, second / 1e6);

        assertEquals(run.resolve("report.html"), o.html());
        for (String f : List.of("report.html", "report.md", "report.json", "figure4.png", "figure4.svg")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        for (Table t : o.content().tables()) {
            List<String> csv = Files.readAllLines(run.resolve("tables").resolve(t.id() + ".csv"));
            assertEquals(t.rows().size() + 1, csv.size(), t.id());
            assertEquals(String.join(",", t.columns()), csv.get(0));
        }
        try (Stream<Path> s = Files.walk(run)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
        JsonNode json = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        assertEquals("try5+try6", json.get("run").get("run").asText());
        assertEquals(o.content().tables().size(), json.get("tables").size());
        JsonNode counts = json.get("tables").get(0);
        assertEquals(ReportTables.COUNTS, counts.get("id").asText());
        assertEquals("socket", counts.get("rows").get(0).get(0).asText());

        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("![Figure 4"), md);
        assertTrue(md.contains("## Table 1: unique kernel functions per scenario"));
        assertTrue(md.indexOf("| socket |") < md.indexOf("| tap |") && md.indexOf("| qemu |") < md.indexOf("| kvm |"));
        assertFalse(md.contains("## Missing"));
        String html = Files.readString(run.resolve("report.html"));
        assertFalse(html.contains("id=\"missing\""));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:|//|file:).*"), "no external resources");
    }

    @Test
    void figure4IsAPngOfTheExpectedSizeAndAnSvgDocument() throws Exception {
        Path run = RunFixtures.copy("full", tmp);
        Report.write(run, RunFixtures.CONFIGS, RunFixtures.INDEXES);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(run.resolve("figure4.png"))));
        assertNotNull(png, "figure4.png does not decode");
        assertEquals(Figure4.WIDTH, png.getWidth());
        assertEquals(Figure4.HEIGHT, png.getHeight());
        assertTrue(distinctColours(png) > 4, "the PNG is blank");

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document svg = f.newDocumentBuilder().parse(run.resolve("figure4.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI());
        String text = Files.readString(run.resolve("figure4.svg"));
        for (String label : List.of("socket (" + RunFixtures.functions("socket").size() + ")",
                "kvm (" + RunFixtures.functions("kvm").size() + ")", "virtualization", "network", "other")) {
            assertTrue(text.contains(label), label);
        }
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }

    @Test
    void csvQuotesWhatNeedsIt() {
        Table t = new Table("t", "T", List.of("a", "b"), List.of(java.util.Arrays.asList("x,y", null),
                List.of("say \"hi\"", 0.5)), List.of(), false);
        assertEquals("a,b\r\n\"x,y\",\r\n\"say \"\"hi\"\"\",0.50\r\n", CsvFormat.render(t));
    }
}
