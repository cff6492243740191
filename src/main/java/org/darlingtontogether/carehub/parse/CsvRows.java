package org.darlingtontogether.carehub.parse;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A partner's CSV file read one record at a time (Apache Commons CSV, RFC 4180 quoting), in constant memory whatever
 * its size, in the character set {@link TextEncoding} detects. The first record is the header; each later record is
 * a {@link Row} numbered as a spreadsheet shows it (the header is row 1, the first data row row 2). Blank lines are
 * skipped.
 */
public final class CsvRows implements Closeable, Iterable<CsvRows.Row> {

    /** One data row: its number in the file and its fields in column order. */
    public record Row(long number, List<String> values) {
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final String charset;

    private CsvRows(CSVParser parser, String charset) {
        this.parser = parser;
        this.charset = charset;
        this.records = parser.iterator();
        this.header = records.hasNext() ? values(records.next()) : List.of();
    }

    public static CsvRows open(Path file) throws IOException {
        TextEncoding.Detected encoding = TextEncoding.detect(file);
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(encoding.bomLength());
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, encoding.charset()), 64 * 1024);
            return new CsvRows(CSVParser.builder().setReader(reader).setFormat(FORMAT).get(), encoding.charset().name());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The header's column names as sent (trimmed); empty for an empty file. */
    public List<String> header() {
        return header;
    }

    /** The character set the file was read in (UTF-8 or windows-1252). */
    public String charset() {
        return charset;
    }

    /** The data rows, read as iterated; an I/O failure mid-file surfaces as {@link UncheckedIOException}. */
    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                CSVRecord record = records.next();
                // the parser's record number counts the header as 1
                return new Row(record.getRecordNumber(), values(record));
            }
        };
    }

    private static List<String> values(CSVRecord record) {
        List<String> values = new ArrayList<>(record.size());
        for (String value : record) {
            values.add(value.strip());
        }
        return values;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
