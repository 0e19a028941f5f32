package dev.fanout.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws grouped bar charts as a PNG for {@link AllBench}: one or more panels stacked, each with a
 * group of bars per category (an N, a body size) and one bar per series (a client), the bar at
 * the median and a whisker from the min to the max, every axis from zero so that ratios read
 * true. Java2D only (headless), like {@link SoakChart}.
 */
final class BarChart {

    /** One bar's figures; a missing bar (a skipped client) is null. */
    record Bar(double median, double min, double max) {}

    /**
     * One panel: {@code bars[category][series]}.
     *
     * @param title the panel's title, its unit included
     */
    record Panel(String title, List<String> categories, List<String> series, Bar[][] bars) {}

    private static final int WIDTH = 1100;
    private static final int PANEL = 300;
    private static final int LEGEND_ROW = 16;
    private static final Color[] COLORS = {
        new Color(0xd62728),
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x7f7f7f),
        new Color(0xbcbd22),
        new Color(0x17becf),
        new Color(0x393b79),
        new Color(0x637939), // 11 clients in fan-out since fanout-xmx64m: none shares a colour
        new Color(0x843c39),
        new Color(0x7b4173),
        new Color(0x5254a3) // and the tail's 10 clients with 3 hedging runs
    };

    private BarChart() {}

    /** Draws {@code panels} under {@code title} into {@code png}; the legend wraps onto more rows when it must. */
    static void draw(Path png, String title, List<Panel> panels) throws IOException {
        List<String> series = panels.get(0).series();
        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics metrics = scratch.getFontMetrics(legendFont);
        scratch.dispose();
        int[] legendX = new int[series.size()];
        int[] legendRow = new int[series.size()];
        int x = 10;
        int row = 0;
        for (int s = 0; s < series.size(); s++) {
            int width = 14 + metrics.stringWidth(series.get(s));
            if (x > 10 && x + width > WIDTH - 10) {
                x = 10;
                row++;
            }
            legendX[s] = x;
            legendRow[s] = row;
            x += width + 16;
        }
        int panelsTop = 60 + row * LEGEND_ROW;
        BufferedImage image =
                new BufferedImage(WIDTH, panelsTop + PANEL * panels.size() + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 22);
        g.setFont(legendFont);
        for (int s = 0; s < series.size(); s++) {
            int y = 32 + legendRow[s] * LEGEND_ROW;
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(legendX[s], y, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s), legendX[s] + 14, y + 10);
        }
        for (int p = 0; p < panels.size(); p++) {
            panel(g, panels.get(p), panelsTop + p * PANEL);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, Panel panel, int top) {
        int left = 80;
        int right = WIDTH - 20;
        int bottom = top + PANEL - 40;
        int plotTop = top + 24;
        double max = 0;
        for (Bar[] group : panel.bars()) {
            for (Bar bar : group) {
                max = bar == null ? max : Math.max(max, bar.max());
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), left, top + 14);
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, plotTop, left, bottom);
        for (int tick = 0; tick <= 4; tick++) {
            int y = bottom - (bottom - plotTop) * tick / 4;
            g.drawString(String.format(Locale.ROOT, "%,.0f", max * tick / 4), 5, y + 4);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.GRAY);
        }
        int groups = panel.categories().size();
        int groupWidth = (right - left) / groups;
        int barWidth = Math.max(3, (groupWidth - 20) / panel.series().size());
        for (int c = 0; c < groups; c++) {
            int groupLeft = left + c * groupWidth + 10;
            g.setColor(Color.BLACK);
            g.drawString(panel.categories().get(c), groupLeft + groupWidth / 2 - 30, bottom + 16);
            for (int s = 0; s < panel.series().size(); s++) {
                Bar bar = panel.bars()[c][s];
                if (bar == null) {
                    continue;
                }
                int bx = groupLeft + s * barWidth;
                int by = bottom - (int) ((bottom - plotTop) * bar.median() / max);
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(bx, by, barWidth - 2, bottom - by);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1f));
                int cx = bx + (barWidth - 2) / 2;
                int yMin = bottom - (int) ((bottom - plotTop) * bar.min() / max);
                int yMax = bottom - (int) ((bottom - plotTop) * bar.max() / max);
                g.drawLine(cx, yMin, cx, yMax);
                g.drawLine(cx - 2, yMin, cx + 2, yMin);
                g.drawLine(cx - 2, yMax, cx + 2, yMax);
            }
        }
    }
}
