package keybound.server.web;

import gg.jte.TemplateOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a page is rendered: UTF-8 bytes in one array that the caller wipes after sending, so a
 * page that shows secrets once leaves no copy behind. {@link #writeUserContent(char)} encodes a
 * character without making a String of it, which is how {@link ShownOnce} writes secrets.
 */
final class PageOutput implements TemplateOutput {

    private byte[] bytes = new byte[16 * 1024];
    private int length;

    @Override
    public void writeContent(String value) {
        writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        for (int i = beginIndex; i < endIndex; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < endIndex) {
                append(new String(new char[] {c, value.charAt(++i)}).getBytes(StandardCharsets.UTF_8));
            } else {
                writeUserContent(c);
            }
        }
    }

    @Override
    public void writeUserContent(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[length++] = (byte) c;
        } else if (c < 0x800) {
            ensure(2);
            bytes[length++] = (byte) (0xC0 | c >> 6);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        } else {
            ensure(3);
            bytes[length++] = (byte) (0xE0 | c >> 12);
            bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        }
    }

    @Override
    public void writeBinaryContent(byte[] value) {
        append(value);
    }

    /** The page's bytes; the caller sends and then wipes them. This output is wiped at once. */
    byte[] take() {
        byte[] page = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte) 0);
        length = 0;
        return page;
    }

    private void append(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            byte[] larger = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            Arrays.fill(bytes, (byte) 0);
            bytes = larger;
        }
    }
}
