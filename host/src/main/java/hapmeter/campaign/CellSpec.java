package hapmeter.campaign;

/** A planned cell: what `plan` writes, one per line, and `run-cell` runs. */
public record CellSpec(String kernel, String scenario, int rep, RunOptions options) {
}
