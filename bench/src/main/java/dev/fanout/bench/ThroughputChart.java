package dev.fanout.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws ThroughputBench's tables (as {@link ResultsFile} kept them from its output) as one bar
 * chart: requests per second per client and body, median with the min–max of its rounds.
 */
final class ThroughputChart {

    private ThroughputChart() {}

    /** Draws the rows of {@code lines} ({@code Body: N B} then {@code | client | median | rounds | ...}) to {@code png}. */
    static void draw(Path png, List<String> lines) throws IOException {
        List<String> bodies = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        List<List<String[]>> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Body: ")) {
                bodies.add(line.substring("Body: ".length()));
                rows.add(new ArrayList<>());
            } else if (line.startsWith("| ") && !line.startsWith("| client") && !rows.isEmpty()) {
                String[] cells = line.split("\\|");
                String client = cells[1].trim();
                if (!clients.contains(client)) {
                    clients.add(client);
                }
                rows.get(rows.size() - 1).add(new String[] {client, cells[3].trim()});
            }
        }
        if (bodies.isEmpty()) {
            return;
        }
        BarChart.Bar[][] bars = new BarChart.Bar[bodies.size()][clients.size()];
        for (int b = 0; b < bodies.size(); b++) {
            for (String[] row : rows.get(b)) {
                double[] rates = Arrays.stream(row[1].split(","))
                        .mapToDouble(Double::parseDouble)
                        .sorted()
                        .toArray();
                bars[b][clients.indexOf(row[0])] =
                        new BarChart.Bar(rates[rates.length / 2], rates[0], rates[rates.length - 1]);
            }
        }
        BarChart.draw(
                png,
                "throughput: requests/s, median of the rounds, whisker min-max (higher is better)",
                List.of(new BarChart.Panel("requests per second, by body size", bodies, clients, bars)));
    }
}
