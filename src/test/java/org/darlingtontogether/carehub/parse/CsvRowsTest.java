package org.darlingtontogether.carehub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partners' CSV files read as they are sent: UTF-8 with or without BOM, or Windows-1252; quoted fields. */
class CsvRowsTest {

    @TempDir
    Path dir;

    @Test
    void utf8WithBomIsReadWithoutTheBomInTheFirstColumnName() throws IOException {
        byte[] text = "person_id,surname\r\nP1,Zoë\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = write("bom.csv", concat(bom, text));
        try (CsvRows rows = CsvRows.open(file)) {
            assertThat(rows.header()).containsExactly("person_id", "surname");
            assertThat(rows.charset()).isEqualTo("UTF-8");
            assertThat(all(rows)).containsExactly(new CsvRows.Row(2, List.of("P1", "Zoë")));
        }
    }

    @Test
    void utf8WithoutBomAndWindows1252AreTold() throws IOException {
        Path utf8 = write("u.csv", "a,b\nO'Brien,Zoë\n".getBytes(StandardCharsets.UTF_8));
        Path cp1252 = write("w.csv", "a,b\nO’Brien,Zoë\n".getBytes(TextEncoding.WINDOWS_1252));
        try (CsvRows rows = CsvRows.open(utf8)) {
            assertThat(rows.charset()).isEqualTo("UTF-8");
            assertThat(all(rows).get(0).values()).containsExactly("O'Brien", "Zoë");
        }
        try (CsvRows rows = CsvRows.open(cp1252)) {
            assertThat(rows.charset()).isEqualTo("windows-1252");
            assertThat(all(rows).get(0).values()).containsExactly("O’Brien", "Zoë");
        }
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaksAndBlankLinesAreSkipped() throws IOException {
        Path file = write("q.csv", "a,b\n\"Flat 2, High Row\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",x\n".getBytes(StandardCharsets.UTF_8));
        try (CsvRows rows = CsvRows.open(file)) {
            List<CsvRows.Row> read = all(rows);
            assertThat(read).hasSize(2);
            assertThat(read.get(0).values()).containsExactly("Flat 2, High Row", "say \"hi\"");
            assertThat(read.get(1)).isEqualTo(new CsvRows.Row(3, List.of("two\nlines", "x")));
        }
    }

    @Test
    void anEmptyFileHasNoHeader() throws IOException {
        try (CsvRows rows = CsvRows.open(write("e.csv", new byte[0]))) {
            assertThat(rows.header()).isEmpty();
            assertThat(all(rows)).isEmpty();
        }
    }

    private static List<CsvRows.Row> all(CsvRows rows) {
        List<CsvRows.Row> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
