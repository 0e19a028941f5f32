package dev.fanout.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws {@link SoakBench}'s samples as a PNG: four panels (heap after GC, open file descriptors,
 * live threads, connections open at the server), each a line against the batch number, with
 * its axis from zero to a little over its largest value, so that flat reads as flat. Java2D
 * only (headless), no charting library.
 */
final class SoakChart {

    private static final int WIDTH = 900;
    private static final int PANEL = 190;

    private SoakChart() {}

    static void draw(List<SoakBench.Sample> samples, Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, PANEL * 4 + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        int last = samples.get(samples.size() - 1).batch();
        g.drawString("fanout soak: " + last + " batches (x axis: batch number)", 10, 22);
        panel(g, samples, 0, "heap after GC (MiB)", SoakBench.Sample::heapMib);
        panel(g, samples, 1, "open file descriptors", s -> s.fds());
        panel(g, samples, 2, "live threads", s -> s.threads());
        panel(g, samples, 3, "connections open at the server", s -> s.connections());
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(
            Graphics2D g, List<SoakBench.Sample> samples, int row, String title, ToDoubleFunction<SoakBench.Sample> y) {
        int top = 40 + row * PANEL;
        int left = 70;
        int right = WIDTH - 20;
        int bottom = top + PANEL - 40;
        double max = samples.stream().mapToDouble(y).max().orElse(1) * 1.15;
        max = max <= 0 ? 1 : max;
        int lastBatch = Math.max(1, samples.get(samples.size() - 1).batch());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, left, top + 12);
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top + 18, left, bottom);
        g.drawString("0", left - 20, bottom);
        g.drawString(String.format(Locale.ROOT, "%.0f", max), left - 60, top + 28);
        g.drawString(Integer.toString(lastBatch), right - 30, bottom + 14);
        g.setColor(new Color(0x1f77b4));
        g.setStroke(new BasicStroke(1.5f));
        int px = -1;
        int py = -1;
        for (SoakBench.Sample s : samples) {
            int x = left + (int) ((right - left) * (double) s.batch() / lastBatch);
            int yy = bottom - (int) ((bottom - top - 18) * y.applyAsDouble(s) / max);
            if (px >= 0) {
                g.drawLine(px, py, x, yy);
            }
            px = x;
            py = yy;
        }
    }
}
