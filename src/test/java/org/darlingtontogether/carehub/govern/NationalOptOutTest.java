package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NationalOptOutTest {

    @TempDir
    Path folder;

    @Test
    void readsTheListAndReadsItAgainWhenItChanges() throws IOException {
        Path file = folder.resolve("opt-out.txt");
        Files.writeString(file, "# national data opt-out\n999 000 0018\n\n9990000019\n");
        NationalOptOut list = new NationalOptOut(file);
        assertThat(list.optedOut("9990000018")).isTrue();
        assertThat(list.optedOut("9990000019")).as("not a valid NHS number: ignored").isFalse();
        assertThat(list.optedOut("9990000026")).isFalse();

        Files.writeString(file, "9990000026\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(list.reloadIfChanged()).isTrue();
        assertThat(list.optedOut("9990000026")).isTrue();
        assertThat(list.optedOut("9990000018")).isFalse();
        assertThat(list.reloadIfChanged()).as("unchanged").isFalse();
    }

    @Test
    void noFileMeansNobodyAndAFileAppearingIsRead() throws IOException {
        Path file = folder.resolve("later.txt");
        NationalOptOut list = new NationalOptOut(file);
        assertThat(list.optedOut("9990000018")).isFalse();
        Files.writeString(file, "9990000018\n");
        assertThat(list.reloadIfChanged()).isTrue();
        assertThat(list.optedOut("9990000018")).isTrue();
    }
}
