package org.darlingtontogether.carehub.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which character set a partner's text file is in, for feeds that send UTF-8 (with or without a byte order mark) and
 * older Windows-1252 re-sends without saying which: a UTF-8 BOM means UTF-8; otherwise a file that decodes as
 * UTF-8 throughout is UTF-8; anything else is Windows-1252 (which any byte sequence decodes as). Reads the file once,
 * in constant memory.
 */
public final class TextEncoding {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int BUFFER = 64 * 1024;

    /** The detected character set, and how many leading bytes (a BOM) to skip. */
    public record Detected(Charset charset, int bomLength) {
    }

    private TextEncoding() {
    }

    public static Detected detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return detect(in);
        }
    }

    static Detected detect(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int read = in.readNBytes(buffer, 0, 3);
        if (read == 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
        CharBuffer chars = CharBuffer.allocate(BUFFER);
        bytes.put(buffer, 0, read);
        boolean end = false;
        while (true) {
            int n = end ? -1 : in.read(buffer, 0, Math.min(buffer.length, bytes.remaining()));
            if (n < 0) {
                end = true;
            } else {
                bytes.put(buffer, 0, n);
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, end);
            if (result.isError()) {
                return new Detected(WINDOWS_1252, 0);
            }
            chars.clear();
            bytes.compact();
            if (end) {
                if (decoder.flush(chars).isError()) {
                    return new Detected(WINDOWS_1252, 0);
                }
                return new Detected(StandardCharsets.UTF_8, 0);
            }
        }
    }
}
