package dev.hud.common.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Splits that keep each class's share: the held-out test split kept aside from the start, and
 * stratified k-fold cross-validation (DL4J's KFoldIterator does not stratify).
 */
public final class StratifiedSampling {

    /** Row indices of one split: the part to train on and the part to evaluate on. */
    public record Split(int[] train, int[] test) {
    }

    private StratifiedSampling() {
    }

    /**
     * Holds out {@code fraction} of each class (rounded, at least one row of each when the fraction
     * is above 0) as the test split.
     */
    public static Split holdout(int[] labels, double fraction, long seed) {
        return holdout(labels, IntStream.range(0, labels.length).toArray(), fraction, seed);
    }

    /**
     * The same over {@code rows} only (indices into {@code labels}): how a fold's training rows are
     * split into the rows that train and the rows that decide early stopping.
     */
    public static Split holdout(int[] labels, int[] rows, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be between 0 and 1, got " + fraction);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] members : shuffledByClass(labels, rows, seed)) {
            int held = Math.max(1, (int) Math.round(members.length * fraction));
            if (held >= members.length) {
                throw new DatasetException(
                        "a class of " + members.length + " rows is too small to hold out " + fraction);
            }
            for (int i = 0; i < members.length; i++) {
                (i < held ? test : train).add(rows[members[i]]);
            }
        }
        return new Split(sorted(train), sorted(test));
    }

    /**
     * {@code k} folds over {@code rows} (indices into {@code labels}): each class's rows are
     * shuffled and dealt round-robin, so every fold holds each class's share to within one row.
     */
    public static List<Split> kFold(int[] labels, int[] rows, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        int[][] byClass = shuffledByClass(labels, rows, seed);
        for (int[] members : byClass) {
            if (members.length < k) {
                throw new DatasetException("a class has " + members.length + " rows, fewer than the " + k + " folds");
            }
        }
        List<List<Integer>> folds = new ArrayList<>();
        IntStream.range(0, k).forEach(i -> folds.add(new ArrayList<>()));
        int next = 0;
        for (int[] members : byClass) {
            for (int member : members) {
                folds.get(next).add(rows[member]);
                next = (next + 1) % k;
            }
        }
        List<Split> splits = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            List<Integer> train = new ArrayList<>();
            for (int other = 0; other < k; other++) {
                if (other != fold) {
                    train.addAll(folds.get(other));
                }
            }
            splits.add(new Split(sorted(train), sorted(folds.get(fold))));
        }
        return splits;
    }

    /** Positions in {@code rows} of each class's rows, shuffled. */
    private static int[][] shuffledByClass(int[] labels, int[] rows, long seed) {
        var random = new SplittableRandom(seed);
        int[][] byClass = new int[2][];
        for (int label = 0; label < 2; label++) {
            int wanted = label;
            int[] members = IntStream.range(0, rows.length).filter(i -> labels[rows[i]] == wanted).toArray();
            for (int i = members.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = members[i];
                members[i] = members[j];
                members[j] = swap;
            }
            byClass[label] = members;
        }
        return byClass;
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
