package hapmeter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size rules on a few lines in kallsyms' format (the real file is cut down in runs/full, see its README). */
class KernelSymbolsTest {
    @TempDir
    Path dir;

    private KernelSymbols load(String text) throws IOException {
        Path f = dir.resolve("kallsyms.txt");
        Files.writeString(f, text);
        return KernelSymbols.load(f);
    }

    @Test
    void sizeIsTheDistanceToTheNextTextSymbolOfTheSameImage() throws IOException {
        KernelSymbols ks = load("""
                0000000000000000 A fixed_percpu_data
                ffffffff81000000 T _stext
                ffffffff81000100 T foo
                ffffffff81000180 t foo.isra.0
                ffffffff81000200 d some_data
                ffffffff81000300 T bar
                ffffffff81000300 T bar_alias
                ffffffff81000340 W weak_fn
                ffffffff81000400 t foo.cold
                ffffffff81000410 T _etext
                ffffffffc0001000 t mod_fn\t[mod]
                ffffffffc0000f00 t mod_first\t[mod]
                """);
        // foo + foo.isra.0 + foo.cold: one source function; data symbols do not end a function.
        KernelSymbols.Function foo = ks.function("foo");
        assertEquals(0x80 + 0x180 + 0x10, foo.bytes());
        assertEquals(3, foo.symbols());
        assertEquals(0x40, ks.function("bar").bytes());
        assertEquals(0x40, ks.function("bar_alias").bytes());
        assertEquals(0xc0, ks.function("weak_fn").bytes());
        // Module symbols are sorted by address within their module; the last one of an image has no size.
        assertEquals(0x100, ks.function("mod_first").bytes());
        assertEquals(1, ks.function("mod_fn").unsized());
        assertEquals(0, ks.function("mod_fn").bytes());
        assertEquals(1, ks.function("_etext").unsized());
        assertNull(ks.function("some_data"));
        assertNull(ks.function("nosuch"));
        assertEquals(0x410, ks.vmlinuxText().getAsLong());
    }

    @Test
    void withoutSectionMarkersThereIsNoTextSize() throws IOException {
        assertTrue(load("ffffffff81000100 T foo\nffffffff81000200 T bar\n").vmlinuxText().isEmpty());
    }

    @Test
    void hiddenAddressesAreAClearError() {
        IOException e = assertThrows(IOException.class, () -> load("""
                0000000000000000 T foo
                0000000000000000 T bar
                """));
        assertTrue(e.getMessage().contains("every address is 0"), e.getMessage());
        IOException empty = assertThrows(IOException.class, () -> load("not kallsyms\n"));
        assertTrue(empty.getMessage().contains("no text symbols"), empty.getMessage());
    }
}
