package dev.hud.cdn.http;

import java.util.Locale;

/** Reads Accept-Encoding (RFC 9110 12.5.3): is a coding acceptable, i.e. listed (or *) with q > 0? */
final class ContentCoding {

    private ContentCoding() {
    }

    static boolean accepts(String acceptEncoding, String coding) {
        if (acceptEncoding == null) {
            return false;
        }
        Double named = null;
        Double wildcard = null;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.strip().split(";");
            String name = pieces[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (name.equals(coding)) {
                named = q;
            } else if (name.equals("*")) {
                wildcard = q;
            }
        }
        double q = named != null ? named : wildcard != null ? wildcard : 0;
        return q > 0;
    }
}
