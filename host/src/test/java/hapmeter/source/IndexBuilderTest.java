package hapmeter.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hapmeter.image.Digests;
import hapmeter.source.SourceIndex.Definition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index built by the real tools (pmccabe, GNU complexity) from real kernel files: its numbers against the
 * source text, the syscall and weak-definition handling, and the committed fixture index (which the report tests
 * use without the tools) against a fresh build. With -Dhapmeter.regenerateFixtures=true the fresh build replaces
 * the committed one. Skipped without the tools.
 */
class IndexBuilderTest {
    private static final Pattern DECISIONS = Pattern.compile("\\b(?:if|for|while|case)\\b|&&|\\|\\||\\?");
    @TempDir
    static Path tmp;
    static Path built;

    @BeforeAll
    static void build() throws IOException {
        assumeTrue(SourceFixtures.toolsInstalled(), "pmccabe and complexity are not installed");
        built = tmp.resolve("index");
        IndexBuilder.build(SourceFixtures.TREE, "x86", SourceFixtures.SOURCE, built, DebianSource.tools(),
                new LinkedHashMap<>(), System.nanoTime(), m -> { });
        SourceIndex.register(built, SourceFixtures.KERNEL, SourceFixtures.CONFIG);
        if (Boolean.getBoolean("hapmeter.regenerateFixtures")) {
            Digests.deleteTree(SourceFixtures.INDEX);
            Files.createDirectories(SourceFixtures.INDEXES);
            try (var s = Files.walk(built)) {
                for (Path p : s.toList()) {
                    Path d = SourceFixtures.INDEX.resolve(built.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(d);
                    } else {
                        Files.copy(p, d);
                    }
                }
            }
        }
    }

    private static Map<String, List<Definition>> lookup(String... names) throws IOException {
        return SourceIndex.open(built).lookup(List.of(names));
    }

    /** LINE is the function's first line, LINES reach its closing brace, MCCABE counts its decisions plus one. */
    @Test
    void numbersAgreeWithTheSourceText() throws IOException {
        for (String[] f : new String[][] {{"kfree", "mm/slab_common.c"}, {"ksys_read", "fs/read_write.c"},
                {"vfs_read", "fs/read_write.c"},
                {"_raw_spin_lock_irqsave", "kernel/locking/spinlock.c"}}) {
            Definition d = lookup(f[0]).get(f[0]).stream().filter(x -> x.file().equals(f[1])).findFirst()
                    .orElseThrow();
            List<String> src = SourceFixtures.sourceLines(f[1]);
            List<String> body = src.subList(d.line() - 1, d.line() - 1 + d.lines());
            assertTrue(body.get(0).contains(f[0] + "("), f[0] + " starts at " + d.line() + ": " + body.get(0));
            assertEquals("}", body.get(body.size() - 1), f[0] + " ends after " + d.lines() + " lines");
            Matcher m = DECISIONS.matcher(String.join("\n", body));
            int decisions = 0;
            while (m.find()) {
                decisions++;
            }
            assertEquals(decisions + 1, d.mccabe(), f[0]);
            assertTrue(d.complexity() >= 0, f[0] + " scored by GNU complexity");
        }
        // kfree by hand: lines 969-989, two ifs; GNU complexity scores it 1.
        Definition kfree = lookup("kfree").get("kfree").stream().filter(x -> x.file().equals("mm/slab_common.c"))
                .findFirst().orElseThrow();
        assertEquals(new Definition("kfree", "mm/slab_common.c", 969, 21, 3, 1, false), kfree);
    }

    @Test
    void syscallBodiesAreIndexedUnderTheirWrappersNames() throws IOException {
        Map<String, List<Definition>> found = lookup("__x64_sys_read", "__ia32_compat_sys_preadv", "sys_write");
        Definition read = found.get("__x64_sys_read").get(0);
        assertEquals("sys_read", read.name());
        assertEquals("SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)",
                SourceFixtures.sourceLines("fs/read_write.c").get(read.line() - 1));
        assertEquals("compat_sys_preadv", found.get("__ia32_compat_sys_preadv").get(0).name());
        assertEquals(1, found.get("sys_write").size());
    }

    @Test
    void weakDefinitionsAreMarked() throws IOException {
        List<Definition> defs = lookup("copy_from_kernel_nofault_allowed").get("copy_from_kernel_nofault_allowed");
        assertEquals(Set.of("mm/maccess.c", "arch/x86/mm/maccess.c"),
                Set.copyOf(defs.stream().map(Definition::file).toList()));
        defs.forEach(d -> assertEquals(d.file().equals("mm/maccess.c"), d.weak(), d.file()));
    }

    @Test
    void guardsComeFromTheMakefiles() throws IOException {
        SourceIndex index = SourceIndex.open(built);
        assertEquals("slob@CONFIG_SLOB", Kbuild.encode(index.guard("mm/slob.c")));
        assertEquals("squashfs@CONFIG_SQUASHFS&CONFIG_SQUASHFS_LZO", Kbuild.encode(index.guard("fs/squashfs/lzo_wrapper.c")));
        assertEquals("?", Kbuild.encode(index.guard("include/linux/spinlock_api_smp.h")));
    }

    /** The committed index (used by the report tests without the tools) is what the tools make of the fixture. */
    @Test
    void committedFixtureIndexIsUpToDate() throws IOException {
        for (String f : List.of(SourceIndex.FUNCTIONS, SourceIndex.FILES)) {
            assertEquals(gunzip(built.resolve(f)), gunzip(SourceFixtures.INDEX.resolve(f)), f + " differs from a fresh "
                    + "build: rerun with -Dhapmeter.regenerateFixtures=true (see src/test/resources/source/README.md)");
        }
        SourceIndex.Meta a = SourceIndex.open(built).meta();
        SourceIndex.Meta b = SourceIndex.open(SourceFixtures.INDEX).meta();
        assertEquals(List.of(a.source(), a.scope(), a.files(), a.definitions(), a.names(), a.rewritten()),
                List.of(b.source(), b.scope(), b.files(), b.definitions(), b.names(), b.rewritten()));
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes());
        }
    }
}
