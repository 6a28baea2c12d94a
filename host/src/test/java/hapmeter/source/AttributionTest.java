package hapmeter.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hapmeter.source.Attribution.Location;
import hapmeter.source.Attribution.Status;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ambiguity rule on real definitions (the committed fixture index of real linux-source-6.1 files, see
 * src/test/resources/source/README.md) under the real configuration of 6.1.0-56-amd64: each step on a name it
 * decides, and what remains ambiguous.
 */
class AttributionTest {
    /** bench4's kallsyms (Debian 6.1.0-56-amd64) has lzo_init as "ffffffffb40cb750 t lzo_init": in vmlinux. */
    private static final Map<String, Set<String>> KALLSYMS = Map.of("lzo_init", Set.of(Attribution.VMLINUX));
    static SourceIndex index;
    static KernelConfig config;

    @BeforeAll
    static void open() throws IOException {
        index = SourceIndex.forKernel(SourceFixtures.INDEXES, SourceFixtures.KERNEL);
        config = index.config(SourceFixtures.KERNEL);
    }

    private static Location locate(String name, KernelConfig cfg, Function<String, Set<String>> images)
            throws IOException {
        return Attribution.locate(index, cfg, images, List.of(name)).get(name);
    }

    private static Location locate(String name) throws IOException {
        return locate(name, config, n -> KALLSYMS.getOrDefault(n, Set.of()));
    }

    private static List<String> files(Location l) {
        return l.kept().stream().map(SourceIndex.Definition::file).toList();
    }

    @Test
    void configurationDropsWhatTheKernelDoesNotBuild() throws IOException {
        Location kfree = locate("kfree"); // mm/slob.c needs CONFIG_SLOB, which 6.1.0-56-amd64 leaves unset
        assertEquals(Status.RESOLVED, kfree.status());
        assertEquals(2, kfree.definitions());
        assertEquals(List.of("mm/slab_common.c"), files(kfree));
        assertEquals(List.of("configuration"), kfree.decidedBy());
        assertEquals(21, kfree.lines());
        assertEquals("mm", kfree.subsystem());

        Location unknown = locate("kfree", KernelConfig.NONE, n -> Set.of());
        assertEquals(Status.AMBIGUOUS, unknown.status(), "without a configuration nothing decides");
        assertEquals((21 + 27) / 2.0, unknown.lines());
        assertEquals(List.of(21, 27), List.of(unknown.minLines(), unknown.maxLines()));
    }

    @Test
    void strongDefinitionsBeatWeakOnes() throws IOException {
        Location l = locate("copy_from_kernel_nofault_allowed");
        assertEquals(List.of("arch/x86/mm/maccess.c"), files(l));
        assertEquals(List.of("strong over weak"), l.decidedBy());
        assertEquals("arch/x86/mm", l.subsystem());
    }

    @Test
    void kallsymsImageDecidesBetweenBuiltInAndModule() throws IOException {
        Location l = locate("lzo_init"); // crypto/lzo.c (guard unknown here) or squashfs's lzo_wrapper.c (=m)
        assertEquals(List.of("crypto/lzo.c"), files(l));
        assertEquals(List.of("kallsyms"), l.decidedBy());
        assertEquals(Status.AMBIGUOUS, locate("lzo_init", config, n -> Set.of()).status(), "kallsyms silent");
        // Only a known guard can contradict: crypto/lzo.c's is unknown here (crypto/Makefile is not in the fixture).
        assertEquals(List.of("crypto/lzo.c", "fs/squashfs/lzo_wrapper.c"),
                files(locate("lzo_init", config, n -> Set.of("squashfs"))), "in the squashfs module");
    }

    @Test
    void sourceBeatsHeader() throws IOException {
        Location l = locate("_raw_spin_lock");
        assertEquals(List.of("kernel/locking/spinlock.c"), files(l));
        assertEquals(List.of("source over header"), l.decidedBy());
    }

    /** Two static get_target_state in two built-in thermal governors: nothing tells them apart. */
    @Test
    void whatIsLeftStaysAmbiguousAndCountsOnceWithTheMean() throws IOException {
        Location l = locate("get_target_state");
        assertEquals(Status.AMBIGUOUS, l.status());
        assertEquals(Set.of("drivers/thermal/gov_fair_share.c", "drivers/thermal/gov_step_wise.c"),
                Set.copyOf(files(l)));
        assertEquals(List.of(), l.decidedBy());
        assertEquals((5 + 48) / 2.0, l.lines());
        assertEquals(List.of(5, 48), List.of(l.minLines(), l.maxLines()));
        assertEquals((1 + 9) / 2.0, l.mccabe());
        assertEquals("drivers/thermal", l.subsystem(), "both in one subsystem");
    }

    @Test
    void uniqueAndMissingNames() throws IOException {
        Location read = locate("__x64_sys_read");
        assertEquals(Status.UNIQUE, read.status());
        assertEquals("fs", read.subsystem());
        Location asm = locate("entry_SYSCALL_64");
        assertFalse(asm.found());
        assertEquals(null, asm.subsystem());
        assertTrue(Double.isNaN(asm.complexity()));
    }

    @Test
    void subsystems() {
        assertEquals("net", Attribution.subsystem("net/ipv4/tcp.c"));
        assertEquals("drivers/net", Attribution.subsystem("drivers/net/ethernet/dlink/dl2k.c"));
        assertEquals("arch/x86/kvm", Attribution.subsystem("arch/x86/kvm/svm/svm.c"));
        assertEquals("include/linux", Attribution.subsystem("include/linux/skbuff.h"));
        assertEquals("virt/kvm", Attribution.subsystem("virt/kvm/kvm_main.c"));
        assertEquals("(top)", Attribution.subsystem("init.c"));
    }
}
