package org.darlingtontogether.carehub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgBarChartTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private final SvgBarChart chart = new SvgBarChart("Sharing decisions per day",
            List.of(new SvgBarChart.Series("shared", "#2e7d32"), new SvgBarChart.Series("withheld", "#b3261e")));

    @Test
    void drawsOneStackedBarPerDayWithTooltipsLegendAndAxis() throws Exception {
        Document svg = parse(chart.render(List.of(
                SvgBarChart.Bar.of(DAY, 30, 10),
                SvgBarChart.Bar.of(DAY.plusDays(1), 12, 0),
                SvgBarChart.Bar.of(DAY.plusDays(2), 0, 0))));

        Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(firstChild(root, "title").getTextContent()).isEqualTo("Sharing decisions per day");

        List<Element> bars = byClass(svg, "g", "chart-bar");
        assertThat(bars).hasSize(3);
        assertThat(firstChild(bars.get(0), "title").getTextContent()).isEqualTo("Tue 1 Dec 2026: 40 in all (shared 30, withheld 10)");
        List<Element> firstSegments = children(bars.get(0), "rect");
        assertThat(firstSegments).extracting(r -> firstChild(r, "title").getTextContent())
                .containsExactly("Tue 1 Dec 2026: shared 30", "Tue 1 Dec 2026: withheld 10");
        assertThat(firstSegments).extracting(r -> r.getAttribute("fill")).containsExactly("#2e7d32", "#b3261e");
        // stacked: withheld sits on top of shared, three times shorter
        double sharedHeight = Double.parseDouble(firstSegments.get(0).getAttribute("height"));
        double withheldHeight = Double.parseDouble(firstSegments.get(1).getAttribute("height"));
        assertThat(sharedHeight).isCloseTo(3 * withheldHeight, org.assertj.core.data.Offset.offset(0.2));
        assertThat(Double.parseDouble(firstSegments.get(1).getAttribute("y")) + withheldHeight)
                .isCloseTo(Double.parseDouble(firstSegments.get(0).getAttribute("y")), org.assertj.core.data.Offset.offset(0.2));
        assertThat(children(bars.get(1), "rect")).hasSize(1);
        assertThat(children(bars.get(2), "rect")).as("nothing to stack on an empty day").isEmpty();

        assertThat(texts(byClass(svg, "g", "chart-legend").get(0))).containsExactly("shared", "withheld");
        assertThat(texts(byClass(svg, "g", "chart-axis").get(0))).containsExactly("0", "10", "20", "30", "40");
        assertThat(byClass(svg, "text", "chart-day")).extracting(Element::getTextContent).containsExactly("1 Dec", "2 Dec", "3 Dec");
    }

    @Test
    void escapesEveryText() throws Exception {
        SvgBarChart hostile = new SvgBarChart("<script>alert('x')</script> & co",
                List.of(new SvgBarChart.Series("\"shared\" <b>", "green")));
        String rendered = hostile.render(List.of(SvgBarChart.Bar.of(DAY, 1)));

        assertThat(rendered).doesNotContain("<script>", "<b>").contains("&lt;script&gt;", "&amp; co", "&quot;shared&quot;");
        Document svg = parse(rendered);
        assertThat(firstChild(svg.getDocumentElement(), "title").getTextContent()).isEqualTo("<script>alert('x')</script> & co");
        assertThatThrownBy(() -> new SvgBarChart.Series("shared", "red\" onclick=\"x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saysSoWhenThereIsNoData() throws Exception {
        Document svg = parse(chart.render(List.of()));
        assertThat(byClass(svg, "text", "chart-empty")).extracting(Element::getTextContent).containsExactly("No data for this period");
        assertThat(byClass(svg, "g", "chart-bar")).isEmpty();
    }

    @Test
    void labelsAtMostTenDaysAndRoundsTheAxis() throws Exception {
        List<SvgBarChart.Bar> month = java.util.stream.IntStream.range(0, 28)
                .mapToObj(i -> SvgBarChart.Bar.of(DAY.plusDays(i), 1234, 56)).toList();
        Document svg = parse(chart.render(month));
        assertThat(byClass(svg, "g", "chart-bar")).hasSize(28);
        assertThat(byClass(svg, "text", "chart-day")).extracting(Element::getTextContent).hasSize(10).startsWith("1 Dec", "4 Dec");
        assertThat(texts(byClass(svg, "g", "chart-axis").get(0))).containsExactly("0", "500", "1000", "1500");
        assertThat(SvgBarChart.niceStep(3)).isEqualTo(1);
        assertThat(SvgBarChart.niceStep(41)).isEqualTo(20);
        assertThat(SvgBarChart.niceStep(1000)).isEqualTo(500);
    }

    @Test
    void refusesBarsThatDoNotMatchTheSeries() {
        assertThatThrownBy(() -> chart.render(List.of(SvgBarChart.Bar.of(DAY, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2 series");
        assertThatThrownBy(() -> SvgBarChart.Bar.of(DAY, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- reading the SVG as XML: well-formed or the parse fails

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> byClass(Document svg, String tag, String cssClass) {
        NodeList all = svg.getElementsByTagName(tag);
        List<Element> found = new java.util.ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new java.util.ArrayList<>();
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element firstChild(Element parent, String tag) {
        return children(parent, tag).get(0);
    }

    private static List<String> texts(Element parent) {
        return children(parent, "text").stream().map(Element::getTextContent).toList();
    }
}
