package io.streamingbatchnorm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Rows of cells as lines of aligned columns two spaces apart, for tables printed to a terminal. */
public final class TextColumns {
    private TextColumns() {}

    /**
     * @param rows the header first, then the data rows, all with the same number of cells
     * @param rightAligned which columns hold numbers and are right-aligned (the header always reads left to right)
     */
    public static List<String> align(List<String[]> rows, IntPredicate rightAligned) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                boolean right = r > 0 && rightAligned.test(c);
                line.append(c == 0 ? "" : "  ").append(right ? pad + row[c] : row[c] + pad);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
