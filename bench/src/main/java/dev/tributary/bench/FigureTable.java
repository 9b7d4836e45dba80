package dev.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * One markdown table of {@link ResultsReport}: a row per figure with its min / median / max over the runs, how many
 * runs measured it, and, where it has one, the target and whether the median meets it. A figure no run measured shows
 * "not measured".
 *
 * <p>Not thread-safe: it appends to the report's {@link StringBuilder} as its rows come.
 */
final class FigureTable {
    private final StringBuilder md;
    /** metric → run → value */
    private final Map<String, Map<Integer, Double>> metrics;

    /** Starts the table (its header) in {@code md}. */
    FigureTable(StringBuilder md, Map<String, Map<Integer, Double>> metrics) {
        this.md = md;
        this.metrics = metrics;
        md.append("| figure | unit | min | median | max | n | target | verdict |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
    }

    void row(String label, String metric, String unit, String format, String target, DoublePredicate meets) {
        row(label, metric, unit, format, target, meets, 1.0);
    }

    /** A row whose values are multiplied by {@code scale} (bytes to MiB, say) before they are shown and judged. */
    void row(String label, String metric, String unit, String format, String target, DoublePredicate meets,
            double scale) {
        List<Double> values = new ArrayList<>();
        metrics.getOrDefault(metric, Map.of()).values().forEach(v -> values.add(v * scale));
        values.sort(null);
        md.append("| ").append(label).append(" | ").append(unit).append(" | ");
        if (values.isEmpty()) {
            md.append("– | not measured | – | 0 | ").append(target == null ? "" : target).append(" | |\n");
            return;
        }
        double median = values.size() % 2 == 1
                ? values.get(values.size() / 2)
                : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
        md.append(fmt(format, values.get(0))).append(" | **").append(fmt(format, median)).append("** | ")
                .append(fmt(format, values.get(values.size() - 1))).append(" | ").append(values.size())
                .append(" | ").append(target == null ? "" : target).append(" | ")
                .append(meets == null ? "" : meets.test(median) ? "met" : "**missed**").append(" |\n");
    }

    /** Ends the table with the blank line markdown needs after it. */
    void end() {
        md.append('\n');
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
