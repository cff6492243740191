package org.darlingtontogether.carehub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the hub's time went during a profiled load phase, from its Flight Recorder file: CPU samples per thread,
 * per library or hub stage anywhere on the stack (inclusive), per hub method (inclusive) and per method on top of the
 * stack (self); threads blocked on locks and parked; GC pauses; CPU load.
 */
final class FlightRecordingSummary {

    private static final String HUB = "org.darlingtontogether.carehub.";
    /** Checked in order against each frame's class; a sample counts once per category it touches. */
    private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("org.h2.", "H2 database engine");
        CATEGORIES.put("com.zaxxer.hikari.", "JDBC connection pool");
        CATEGORIES.put("org.springframework.jdbc.", "Spring JDBC");
        CATEGORIES.put("org.springframework.transaction.", "Spring transactions");
        CATEGORIES.put("ca.uhn.hl7v2.", "HAPI HL7 v2 (parse)");
        CATEGORIES.put("ca.uhn.fhir.parser.", "HAPI FHIR JSON encode/parse");
        CATEGORIES.put("org.hl7.fhir.", "HAPI FHIR R4 model");
        CATEGORIES.put("sun.security.provider.", "SHA-256 / HMAC");
        CATEGORIES.put("io.netty.", "Netty");
        CATEGORIES.put("org.apache.camel.", "Camel");
        CATEGORIES.put("org.apache.catalina.", "Tomcat (the benchmark's polling)");
        CATEGORIES.put("org.springframework.security.", "Spring Security (the benchmark's polling)");
        CATEGORIES.put("io.micrometer.", "Micrometer");
        CATEGORIES.put("ch.qos.logback.", "Logging");
        CATEGORIES.put(HUB + "inbox.", "hub: inbox (intake)");
        CATEGORIES.put(HUB + "parse.", "hub: parse");
        CATEGORIES.put(HUB + "identify.", "hub: identify");
        CATEGORIES.put(HUB + "map.", "hub: map");
        CATEGORIES.put(HUB + "record.", "hub: shared record store");
        CATEGORIES.put(HUB + "process.", "hub: processing");
    }

    private FlightRecordingSummary() {
    }

    static String summarise(Path file, int topMethods) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        int samples = 0;
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byCategory = new HashMap<>();
        Map<String, Integer> hubInclusive = new HashMap<>();
        Map<String, Integer> selfTop = new HashMap<>();
        Map<String, Duration> monitorBlocked = new HashMap<>();
        Map<String, Duration> parked = new HashMap<>();
        Duration gcPause = Duration.ZERO;
        int gcCount = 0;
        double jvmCpu = 0;
        double machineCpu = 0;
        int cpuReadings = 0;
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    RecordedThread thread = e.getThread("sampledThread");
                    byThread.merge(threadGroup(thread), 1, Integer::sum);
                    RecordedStackTrace stack = e.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    List<RecordedFrame> frames = stack.getFrames();
                    selfTop.merge(name(frames.get(0)), 1, Integer::sum);
                    Set<String> categories = new HashSet<>();
                    Set<String> hubMethods = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        if (f.getMethod() == null) {
                            continue;
                        }
                        String cls = f.getMethod().getType().getName();
                        for (Map.Entry<String, String> c : CATEGORIES.entrySet()) {
                            if (cls.startsWith(c.getKey())) {
                                categories.add(c.getValue());
                                break;
                            }
                        }
                        if (cls.startsWith(HUB)) {
                            hubMethods.add(name(f));
                        }
                    }
                    categories.forEach(c -> byCategory.merge(c, 1, Integer::sum));
                    hubMethods.forEach(m -> hubInclusive.merge(m, 1, Integer::sum));
                }
                case "jdk.JavaMonitorEnter" -> monitorBlocked.merge(
                        (e.getClass("monitorClass") == null ? "?" : e.getClass("monitorClass").getName()) + " at " + hubFrame(e),
                        e.getDuration(), Duration::plus);
                case "jdk.ThreadPark" -> parked.merge(hubFrame(e) + " [" + threadGroup(e.getThread()) + "]", e.getDuration(), Duration::plus);
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                }
                case "jdk.CPULoad" -> {
                    jvmCpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                    machineCpu += e.getFloat("machineTotal");
                    cpuReadings++;
                }
                default -> {
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("CPU samples: %d; GC: %d collections, %.0f ms paused in total", samples, gcCount,
                gcPause.toNanos() / 1e6));
        if (cpuReadings > 0) {
            out.append(String.format("; CPU load (of the whole machine): hub JVM %.0f%%, machine %.0f%%",
                    100 * jvmCpu / cpuReadings, 100 * machineCpu / cpuReadings));
        }
        out.append("\n\n");
        out.append(table("Samples by thread", byThread, samples, 12));
        out.append(table("Inclusive, by library or hub stage (a sample counts once per category on its stack)", byCategory, samples, 25));
        out.append(table("Inclusive, by hub method", hubInclusive, samples, topMethods));
        out.append(table("Self (top of stack)", selfTop, samples, topMethods));
        out.append(durationTable("Blocked entering a monitor (>= 20 ms each), by monitor class and nearest hub frame", monitorBlocked, 10));
        out.append(durationTable("Parked (>= 20 ms each), by nearest hub frame and thread", parked, 10));
        return out.toString();
    }

    private static String table(String title, Map<String, Integer> counts, int total, int top) {
        StringBuilder out = new StringBuilder("**").append(title).append("**\n\n| share | samples | what |\n| ---: | ---: | --- |\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format("| %.1f%% | %d | `%s` |%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getValue(), e.getKey())));
        return out.append('\n').toString();
    }

    private static String durationTable(String title, Map<String, Duration> durations, int top) {
        StringBuilder out = new StringBuilder("**").append(title).append("**\n\n");
        if (durations.isEmpty()) {
            return out.append("none\n\n").toString();
        }
        out.append("| total ms | where |\n| ---: | --- |\n");
        durations.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format("| %.0f | `%s` |%n", e.getValue().toNanos() / 1e6, e.getKey())));
        return out.append('\n').toString();
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** The innermost hub frame of an event's stack, else its top frame. */
    private static String hubFrame(RecordedEvent e) {
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return "?";
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (f.getMethod() != null && f.getMethod().getType().getName().startsWith(HUB)) {
                return name(f);
            }
        }
        return name(stack.getFrames().get(0));
    }

    /** Thread names with their numbers folded, so a pool shows as one line. */
    private static String threadGroup(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "?" : name.replaceAll("\\d+", "#");
    }
}
