package hapmeter.report;

import hapmeter.source.Attribution;
import hapmeter.trace.FunctionNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Code sizes of kernel functions from a guest's /proc/kallsyms ({@code addr type name [module]}, plain or gzip).
 *
 * <p>kallsyms has addresses but no sizes, so a text symbol (type t, T, W or w: weak functions are code too) ends
 * where the next text symbol with a higher address of the same image (vmlinux or one module) starts; the last one
 * of an image has no known size. Aliases at one address all get that size. Names are clone-suffix normalised like
 * functions.txt, and the sizes of all symbols that normalise to one name are summed: {@code foo},
 * {@code foo.isra.0} and {@code foo.cold} are parts of the one source function {@code foo}.
 */
public final class KernelSymbols {
    /** One normalised name: the summed size of its sized symbols, and how many symbols it stands for. */
    public record Function(long bytes, int symbols, int unsized) {
        /** One symbol; SIZE < 0: unknown. */
        static Function of(long size) {
            return new Function(Math.max(size, 0), 1, size < 0 ? 1 : 0);
        }

        Function plus(Function o) {
            return new Function(bytes + o.bytes, symbols + o.symbols, unsized + o.unsized);
        }
    }

    private record Symbol(long address, String name) {
    }

    private static final Pattern BRACKETS = Pattern.compile("^\\[|]$");
    private static final Set<String> VMLINUX_ONLY = Set.of(Attribution.VMLINUX);

    private final Map<String, Function> functions;
    private final Map<String, Set<String>> images;
    private final OptionalLong vmlinuxText;

    private KernelSymbols(Map<String, Function> functions, Map<String, Set<String>> images, OptionalLong vmlinuxText) {
        this.functions = functions;
        this.images = images;
        this.vmlinuxText = vmlinuxText;
    }

    /** @throws IOException if unreadable, or if every address is 0 (read without privilege: no sizes can be had) */
    public static KernelSymbols load(Path file) throws IOException {
        try (BufferedReader r = TextFiles.open(file)) {
            return parse(r);
        }
    }

    private static KernelSymbols parse(BufferedReader r) throws IOException {
        Map<String, List<Symbol>> byImage = new HashMap<>();
        boolean anyAddress = false;
        for (String line; (line = r.readLine()) != null; ) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || f[1].length() != 1 || "tTwW".indexOf(f[1].charAt(0)) < 0) {
                continue;
            }
            long address;
            try {
                address = Long.parseUnsignedLong(f[0], 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a kallsyms line: " + line);
            }
            anyAddress |= address != 0;
            // The module column is "[name]"; vmlinux's symbols have none.
            String image = f.length > 3 ? BRACKETS.matcher(f[3]).replaceAll("") : "";
            byImage.computeIfAbsent(image, k -> new ArrayList<>()).add(new Symbol(address, f[2]));
        }
        if (byImage.isEmpty()) {
            throw new IOException("no text symbols (t, T, W) in it");
        }
        if (!anyAddress) {
            throw new IOException("every address is 0 (read without privilege, kptr_restrict)");
        }
        Map<String, Function> functions = new HashMap<>();
        Map<String, Set<String>> images = new HashMap<>();
        for (Map.Entry<String, List<Symbol>> e : byImage.entrySet()) {
            List<Symbol> image = e.getValue();
            String imageName = e.getKey().isEmpty() ? Attribution.VMLINUX : e.getKey();
            image.sort(Comparator.comparing(Symbol::address, Long::compareUnsigned));
            for (int i = 0, n = image.size(); i < n; ) {
                long address = image.get(i).address();
                int next = i;
                while (next < n && image.get(next).address() == address) {
                    next++; // aliases
                }
                long size = next < n ? image.get(next).address() - address : -1;
                for (; i < next; i++) {
                    String name = FunctionNames.normalize(image.get(i).name());
                    functions.merge(name, Function.of(size), Function::plus);
                    Set<String> one = imageName.equals(Attribution.VMLINUX) ? VMLINUX_ONLY : Set.of(imageName);
                    images.merge(name, one, (a, b) -> {
                        Set<String> both = new TreeSet<>(a);
                        both.addAll(b);
                        return both;
                    });
                }
            }
        }
        Map<String, Long> vmlinux = new HashMap<>();
        byImage.getOrDefault("", List.of()).forEach(sym -> vmlinux.put(sym.name(), sym.address()));
        return new KernelSymbols(Map.copyOf(functions), images, vmlinux.containsKey("_stext") && vmlinux.containsKey("_etext")
                ? OptionalLong.of(vmlinux.get("_etext") - vmlinux.get("_stext")) : OptionalLong.empty());
    }

    /** The function with this (normalised) name, or null if no text symbol has it. */
    public Function function(String name) {
        return functions.get(name);
    }

    /**
     * The size of vmlinux's text section (_stext to _etext), for scale; not the sum of all sizes, which would count
     * the gaps after section ends (init text, alignment padding) as code.
     */
    public OptionalLong vmlinuxText() {
        return vmlinuxText;
    }

    /**
     * The images holding the (normalised) name's text symbols: {@link Attribution#VMLINUX} and/or module names as
     * kallsyms writes them (kvm_amd); empty if kallsyms has no such symbol.
     */
    public Set<String> images(String name) {
        return images.getOrDefault(name, Set.of());
    }

    public int functionCount() {
        return functions.size();
    }
}
