package dev.hoist.protocol.appspec;

/**
 * Reads a permission {@code mode} as the octal digits written. YAML 1.1 would read an unquoted
 * {@code 0644} as the number 420; the parser passes the scalar's raw text here instead, so {@code 0644},
 * {@code 644} and {@code "0644"} all mean rw-r--r--.
 */
final class FileMode {

    private FileMode() {
    }

    /** The digits, padded to at least three, or why they were refused. */
    static Checked digits(String written) {
        if (written.isEmpty()) {
            return Checked.refused("is empty; write octal digits such as 0644 or 755");
        }
        for (char c : written.toCharArray()) {
            if (c < '0' || c > '7') {
                return Checked.refused("contains '" + c + "', which is not an octal digit (0-7); write e.g. 0644 or 755");
            }
        }
        if (written.length() > 4) {
            return Checked.refused("has more than four digits; write three or four octal digits such as 0644 or 755");
        }
        String digits = written;
        while (digits.length() < 3) {
            digits = "0" + digits;
        }
        return Checked.of(digits);
    }
}
