package org.darlingtontogether.carehub.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A stacked bar chart per day as inline SVG, drawn on the server (the console loads no script): one bar per day, one
 * segment per series (e.g. "shared" and "withheld"), a count axis with gridlines, day labels, a legend, and a
 * {@code <title>} tooltip on every bar and segment. All text is escaped; colours must be plain CSS colour tokens.
 *
 * <pre>{@code
 * SvgBarChart chart = new SvgBarChart("Sharing decisions per day",
 *         List.of(new SvgBarChart.Series("shared", "#2e7d32"), new SvgBarChart.Series("withheld", "#c62828")));
 * String svg = chart.render(List.of(SvgBarChart.Bar.of(LocalDate.of(2026, 12, 1), 120, 4)));
 * }</pre>
 */
public final class SvgBarChart {

    /** A stacked series: its name (legend and tooltips) and fill colour ({@code #rgb}, {@code #rrggbb} or a name). */
    public record Series(String name, String colour) {
        private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}");

        public Series {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a series needs a name");
            }
            if (colour == null || !COLOUR.matcher(colour).matches()) {
                throw new IllegalArgumentException("series colour must be #hex or a colour name, not " + colour);
            }
        }
    }

    /** One day's counts, in the chart's series order. */
    public record Bar(LocalDate day, List<Long> values) {
        public Bar {
            if (day == null) {
                throw new IllegalArgumentException("a bar needs its day");
            }
            values = List.copyOf(values);
            if (values.stream().anyMatch(v -> v == null || v < 0)) {
                throw new IllegalArgumentException("counts must be zero or more");
            }
        }

        public static Bar of(LocalDate day, long... values) {
            return new Bar(day, Arrays.stream(values).boxed().toList());
        }

        long total() {
            return values.stream().mapToLong(Long::longValue).sum();
        }
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 32;
    private static final int MAX_DAY_LABELS = 10;
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM", Locale.UK);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.UK);

    private final String title;
    private final List<Series> series;

    public SvgBarChart(String title, List<Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one series");
        }
        this.title = title == null ? "" : title;
        this.series = List.copyOf(series);
    }

    /** The chart as an {@code <svg>} element; with no bars, a frame saying there is no data. */
    public String render(List<Bar> bars) {
        for (Bar bar : bars) {
            if (bar.values().size() != series.size()) {
                throw new IllegalArgumentException("bar for " + bar.day() + " has " + bar.values().size()
                        + " values for " + series.size() + " series");
            }
        }
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\">");
        svg.append("<title>").append(escape(title)).append("</title>");
        legend(svg);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        if (bars.isEmpty()) {
            svg.append("<rect class=\"chart-frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(plotWidth).append("\" height=\"").append(plotHeight).append("\" fill=\"none\" stroke=\"#c8ccd2\"/>");
            svg.append("<text class=\"chart-empty\" x=\"").append(LEFT + plotWidth / 2).append("\" y=\"").append(TOP + plotHeight / 2)
                    .append("\" text-anchor=\"middle\">No data for this period</text>");
            return svg.append("</svg>").toString();
        }

        long max = bars.stream().mapToLong(Bar::total).max().orElse(0);
        long step = niceStep(max);
        long top = Math.max(step, ceilDiv(max, step) * step);
        int baseline = TOP + plotHeight;

        svg.append("<g class=\"chart-axis\">");
        for (long tick = 0; tick <= top; tick += step) {
            double y = baseline - (double) plotHeight * tick / top;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"").append(tick == 0 ? "#6b7280" : "#e5e7eb").append("\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\">")
                    .append(tick).append("</text>");
        }
        svg.append("</g>");

        double slot = (double) plotWidth / bars.size();
        double barWidth = Math.max(1, slot * 0.7);
        int labelEvery = (int) ceilDiv(bars.size(), MAX_DAY_LABELS);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = LEFT + slot * i + (slot - barWidth) / 2;
            svg.append("<g class=\"chart-bar\"><title>").append(escape(dayTooltip(bar))).append("</title>");
            double y = baseline;
            for (int s = 0; s < series.size(); s++) {
                long value = bar.values().get(s);
                if (value == 0) {
                    continue;
                }
                double h = (double) plotHeight * value / top;
                y -= h;
                svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(barWidth))
                        .append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(series.get(s).colour()).append("\">")
                        .append("<title>").append(escape(LONG_DAY.format(bar.day()) + ": " + series.get(s).name() + " " + value))
                        .append("</title></rect>");
            }
            svg.append("</g>");
            if (i % labelEvery == 0) {
                svg.append("<text class=\"chart-day\" x=\"").append(fmt(LEFT + slot * i + slot / 2)).append("\" y=\"")
                        .append(baseline + 18).append("\" text-anchor=\"middle\">").append(escape(SHORT_DAY.format(bar.day())))
                        .append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private void legend(StringBuilder svg) {
        svg.append("<g class=\"chart-legend\">");
        int x = LEFT;
        for (Series s : series) {
            svg.append("<rect x=\"").append(x).append("\" y=\"10\" width=\"12\" height=\"12\" fill=\"").append(s.colour()).append("\"/>");
            svg.append("<text x=\"").append(x + 18).append("\" y=\"21\">").append(escape(s.name())).append("</text>");
            x += 30 + 8 * s.name().length();
        }
        svg.append("</g>");
    }

    private String dayTooltip(Bar bar) {
        List<String> parts = new ArrayList<>(series.size());
        for (int s = 0; s < series.size(); s++) {
            parts.add(series.get(s).name() + " " + bar.values().get(s));
        }
        return LONG_DAY.format(bar.day()) + ": " + bar.total() + " in all (" + String.join(", ", parts) + ")";
    }

    /** A round gridline step (1, 2 or 5 times a power of ten) giving about four intervals up to {@code max}. */
    static long niceStep(long max) {
        if (max <= 4) {
            return 1;
        }
        double rough = max / 4.0;
        long magnitude = (long) Math.pow(10, Math.floor(Math.log10(rough)));
        for (long factor : new long[] {1, 2, 5, 10}) {
            if (factor * magnitude >= rough) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
