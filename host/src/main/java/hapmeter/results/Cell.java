package hapmeter.results;

/**
 * One unit of a campaign: a scenario on a kernel, one repeat. PATH is its directory in the run:
 * KERNEL/SCENARIO/REP, or just SCENARIO when the campaign has one kernel and one repeat.
 */
public record Cell(String kernel, String scenario, int rep, String path) {
    public static Cell of(String kernel, String scenario, int rep, boolean shortPaths) {
        return new Cell(kernel, scenario, rep, shortPaths ? scenario : kernel + "/" + scenario + "/" + rep);
    }
}
