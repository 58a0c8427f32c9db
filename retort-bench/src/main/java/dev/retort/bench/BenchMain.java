package dev.retort.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (all of them, or those JMH's usual arguments select) and prints a table
 * with each result relative to plain JDBC for the same query.
 *
 * <pre>
 * java -jar retort-bench/target/benchmarks.jar              # everything, about 3 minutes
 * java -jar retort-bench/target/benchmarks.jar PkLookup     # one class; JMH's options work (-l lists, -h helps)
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp() || cli.shouldList()) {
            // What JMH's own main does for -h and -l.
            if (cli.shouldHelp()) {
                cli.showHelp();
            } else {
                new Runner(cli).list();
            }
            return;
        }
        OptionsBuilder options = new OptionsBuilder();
        if (cli.getIncludes().isEmpty()) {
            options.include(BenchMain.class.getPackageName() + ".*");
        }
        Collection<RunResult> results = new Runner(options.parent(cli).build()).run();
        System.out.println();
        System.out.print(table(results));
    }

    /**
     * One line per benchmark, grouped by class, with the ratio to the class's plain JDBC result
     * (JDBC reusing one PreparedStatement, when that ran).
     */
    static String table(Collection<RunResult> results) {
        Map<String, List<RunResult>> byClass = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            // A parameterised class (one database or another) compares within each parameter set.
            String params = r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k)).reduce((a, b) -> a + "," + b).orElse("");
            byClass.computeIfAbsent(name.substring(0, name.lastIndexOf('.')) + (params.isEmpty() ? "" : " " + params), k -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-38s %12s %10s %10s%n", "benchmark", "us/op", "+/-", "vs JDBC"));
        for (Map.Entry<String, List<RunResult>> e : byClass.entrySet()) {
            List<RunResult> rs = e.getValue();
            rs.sort(Comparator.comparing(r -> r.getParams().getBenchmark()));
            // The floor: plain JDBC reusing one PreparedStatement when it ran, else preparing per call.
            Double floor = floor(rs, ".a_plainJdbcOneStatement");
            if (floor == null) {
                floor = floor(rs, ".a_plainJdbc");
            }
            for (RunResult r : rs) {
                Result<?> p = r.getPrimaryResult();
                String name = r.getParams().getBenchmark();
                String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1) + e.getKey().replaceFirst("^[^ ]*", "");
                String ratio = floor == null ? "" : String.format(Locale.ROOT, "%.2fx", p.getScore() / floor);
                out.append(String.format(Locale.ROOT, "%-38s %12.3f %10.3f %10s%n", shortName, p.getScore(), p.getScoreError(), ratio));
            }
        }
        return out.toString();
    }

    private static Double floor(List<RunResult> rs, String suffix) {
        return rs.stream().filter(r -> r.getParams().getBenchmark().endsWith(suffix)).map(r -> r.getPrimaryResult().getScore()).findFirst().orElse(null);
    }
}
