package org.nljdbc.driver.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --chart out.html "NL: ..."} writes a page that draws the answer offline: Vega, Vega-Lite and
 * vega-embed inlined, the rows inlined, rendered here by headless Chromium (network off) to SVG whose bar marks are
 * counted against the rows. Skipped with one line when Chromium is not installed.
 */
class DemoChartPageTest {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    @Test
    void demoWritesAPageThatRendersTheChartOffline(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("revenue.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new String[] {"--chart", page.toString(), "NL: Revenue by region"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String html = Files.readString(page);
        assertFalse(html.contains("<script src"), "every script is inlined: the page needs no network");
        assertTrue(html.contains("\"datasets\":{\"table\":["), "the rows are inlined as the data set the spec reads");
        int regions = rowsPrinted(out.toString(StandardCharsets.UTF_8));
        assertTrue(regions > 1, "the demo shop has several regions");

        String chromium = CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        Path profile = Files.createDirectory(dir.resolve("profile"));
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom",
                page.toUri().toString()));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        byte[] dom = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        String rendered = new String(dom, StandardCharsets.UTF_8);
        assertTrue(rendered.contains("data-rendered=\"true\""), () -> "vega-embed did not finish: "
                + (rendered.contains("chart failed") ? rendered.substring(rendered.indexOf("chart failed")) : rendered
                .substring(0, Math.min(500, rendered.length()))));
        assertTrue(rendered.contains("<svg"), "rendered as SVG");
        // One bar per region: Vega draws each as a path with the bar role inside the rect mark group.
        Matcher bars = Pattern.compile("aria-roledescription=\"bar\"").matcher(rendered);
        int count = 0;
        while (bars.find()) {
            count++;
        }
        assertEquals(regions, count, "one drawn bar per row of the answer");
    }

    /** The row count from the demo's "(N rows)" line of the printed table. */
    private static int rowsPrinted(String output) {
        Matcher m = Pattern.compile("\\((\\d+) rows?").matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(1));
    }
}
