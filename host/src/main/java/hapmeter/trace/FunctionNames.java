package hapmeter.trace;

import java.util.regex.Pattern;

/** Kernel symbol names as the paper counts them: one name per source function. */
public final class FunctionNames {
    /**
     * Suffixes GCC/LLVM append to clones of one source function (IPA-SRA, constant propagation, partial inlining,
     * hot/cold splitting, LTO promotion). They can stack, e.g. {@code foo.constprop.0.isra.0}.
     */
    private static final Pattern CLONE_SUFFIXES =
            Pattern.compile("(?:\\.(?:isra|constprop|part|llvm|lto_priv)\\.\\d+|\\.cold(?:\\.\\d+)?)+$");

    private FunctionNames() {
    }

    /** {@code do_softirq.part.0 -> do_softirq}; names without a clone suffix are returned unchanged. */
    public static String normalize(String name) {
        int dot = name.indexOf('.');
        // Called once per distinct name, so the regex is off the hot path; the dot test skips most names.
        return dot <= 0 ? name : CLONE_SUFFIXES.matcher(name).replaceFirst("");
    }
}
