package keyaccount.hub.consolidation.derive;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import keyaccount.hub.customer.GradeRules;
import keyaccount.hub.customer.KeyAccountKind;

/**
 * The classification of one local net's customers for one bill month, by the rules of
 * {@code mappings/classification.yaml} (see there for each setting): HIGH_VALUE and POTENTIAL
 * from the month's spend against the net's threshold, the net's 30% list with its derived
 * minimum spend, and the two levels among the net's key accounts. The 97-derived kinds come in
 * with each customer; the grade follows from all kinds through {@link GradeRules}. A plain class:
 * no store, no Spring, so the rules are tested as a table.
 */
public final class ClassificationRules {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The shape of {@code mappings/classification.yaml}. */
    public static class Config {
        public HighValue highValue = new HighValue();
        public BigDecimal potentialShare = new BigDecimal("0.80");
        public LocalList localList = new LocalList();
        public Levels levels = new Levels();
        public int monthsBack = 13;
        public ChurnRule churn = new ChurnRule();
    }

    public static class HighValue {
        public BigDecimal defaultThresholdYuan = BigDecimal.valueOf(3000);
        public Map<String, BigDecimal> localNetThresholdsYuan = new LinkedHashMap<>();
    }

    public static class LocalList {
        public BigDecimal revenueShare = new BigDecimal("0.30");
        public boolean makesHighValue = true;
    }

    public static class Levels {
        public BigDecimal level2Share = new BigDecimal("0.25");
    }

    public static class ChurnRule {
        public BigDecimal revenueDropShare = new BigDecimal("0.30");
        public int arrearsDays = 90;
    }

    /** A customer of the net that month: its revenue and the kinds the 97 data give it. */
    public record Input(String custNo, long revenueFen, Set<KeyAccountKind> baseKinds) {}

    /**
     * A customer classified: all its kinds, grade, key-account flag, whether it is on the net's
     * list, its level (2, 1, or null when not a key account) and why its spend makes it what it is.
     */
    public record Classified(String custNo, long revenueFen, Set<KeyAccountKind> kinds, String grade,
                             boolean keyAccount, boolean localList, Integer level, String revenueReason) {}

    /** The net's month: totals, the list and its derived minimum spend, and every customer. */
    public record NetMonth(String localNet, String billMonth, long totalFen, long thresholdFen, Long listMinFen,
                           int listCount, long listFen, int keyAccounts, long keyAccountFen, int level2Accounts,
                           List<Classified> customers) {}

    private final Config config;
    private final GradeRules grades;

    public ClassificationRules(Config config, GradeRules grades) {
        this.config = config;
        this.grades = grades;
    }

    public Config config() {
        return config;
    }

    /** The net's HIGH_VALUE threshold in fen: its own, or the national default. */
    public long thresholdFen(String localNet) {
        BigDecimal yuan = config.highValue.localNetThresholdsYuan.getOrDefault(localNet,
                config.highValue.defaultThresholdYuan);
        return yuan.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Fen at or above which (and below the threshold) a customer is POTENTIAL. */
    long potentialFloorFen(long thresholdFen) {
        return BigDecimal.valueOf(thresholdFen).multiply(config.potentialShare).setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    public NetMonth classify(String localNet, String billMonth, List<Input> customers) {
        long threshold = thresholdFen(localNet);
        long potentialFloor = potentialFloorFen(threshold);
        long total = customers.stream().mapToLong(Input::revenueFen).sum();
        Long listMin = listMinimum(customers, total);

        List<Classified> out = new ArrayList<>(customers.size());
        for (Input c : customers) {
            Set<KeyAccountKind> kinds = EnumSet.noneOf(KeyAccountKind.class);
            kinds.addAll(c.baseKinds());
            kinds.remove(KeyAccountKind.HIGH_VALUE);
            kinds.remove(KeyAccountKind.POTENTIAL);
            boolean onList = listMin != null && c.revenueFen() > 0 && c.revenueFen() >= listMin;
            String reason;
            if (c.revenueFen() >= threshold) {
                kinds.add(KeyAccountKind.HIGH_VALUE);
                reason = "monthly spend " + yuan(c.revenueFen()) + " yuan ≥ " + localNet + " threshold " + yuan(threshold);
            } else if (onList && config.localList.makesHighValue) {
                kinds.add(KeyAccountKind.HIGH_VALUE);
                reason = "monthly spend " + yuan(c.revenueFen()) + " yuan puts it on " + localNet + "'s "
                        + percent(config.localList.revenueShare) + " revenue list (minimum " + yuan(listMin) + ")";
            } else if (c.revenueFen() >= potentialFloor) {
                kinds.add(KeyAccountKind.POTENTIAL);
                reason = "monthly spend " + yuan(c.revenueFen()) + " yuan ≥ " + percent(config.potentialShare) + " of "
                        + localNet + " threshold " + yuan(threshold);
            } else {
                reason = "monthly spend " + yuan(c.revenueFen()) + " yuan < " + percent(config.potentialShare) + " of "
                        + localNet + " threshold " + yuan(threshold);
            }
            out.add(new Classified(c.custNo(), c.revenueFen(), kinds, grades.grade(kinds), grades.keyAccount(kinds),
                    onList, null, reason));
        }
        out = withLevels(out);
        List<Classified> keyAccounts = out.stream().filter(Classified::keyAccount).toList();
        List<Classified> list = out.stream().filter(Classified::localList).toList();
        return new NetMonth(localNet, billMonth, total, threshold, listMin, list.size(),
                list.stream().mapToLong(Classified::revenueFen).sum(), keyAccounts.size(),
                keyAccounts.stream().mapToLong(Classified::revenueFen).sum(),
                (int) out.stream().filter(c -> Integer.valueOf(2).equals(c.level())).count(), out);
    }

    /**
     * The derived monthly minimum spend: customers by revenue, highest first, are taken until their
     * cumulative revenue reaches the share of the net's total; the last one's revenue. Null when the
     * net has no positive total.
     */
    Long listMinimum(List<Input> customers, long totalFen) {
        if (totalFen <= 0) {
            return null;
        }
        BigDecimal target = BigDecimal.valueOf(totalFen).multiply(config.localList.revenueShare);
        List<Long> revenues = customers.stream().map(Input::revenueFen).filter(r -> r > 0)
                .sorted(Comparator.reverseOrder()).toList();
        long cumulative = 0;
        for (long r : revenues) {
            cumulative += r;
            if (BigDecimal.valueOf(cumulative).compareTo(target) >= 0) {
                return r;
            }
        }
        return revenues.isEmpty() ? null : revenues.get(revenues.size() - 1);
    }

    /**
     * Level 2 for the top share of the key accounts by revenue (count rounded half up, at least
     * one), ties with the last one included; level 1 for the other key accounts.
     */
    private List<Classified> withLevels(List<Classified> all) {
        List<Long> keyRevenues = all.stream().filter(Classified::keyAccount).map(Classified::revenueFen)
                .sorted(Comparator.reverseOrder()).toList();
        if (keyRevenues.isEmpty()) {
            return all;
        }
        int level2 = Math.max(1, BigDecimal.valueOf(keyRevenues.size()).multiply(config.levels.level2Share)
                .setScale(0, RoundingMode.HALF_UP).intValue());
        long cut = keyRevenues.get(Math.min(level2, keyRevenues.size()) - 1);
        return all.stream().map(c -> c.keyAccount()
                ? new Classified(c.custNo(), c.revenueFen(), c.kinds(), c.grade(), true, c.localList(),
                        c.revenueFen() >= cut ? 2 : 1, c.revenueReason())
                : c).toList();
    }

    /**
     * Why a customer's kinds or grade changed from {@code oldKinds}/{@code oldGrade}: the spend
     * behind a change of HIGH_VALUE or POTENTIAL, the 97 data behind the others.
     */
    public static String changeReason(Set<KeyAccountKind> oldKinds, String oldGrade, Classified now) {
        List<String> why = new ArrayList<>();
        boolean revenueKindsChanged = false;
        for (KeyAccountKind k : KeyAccountKind.values()) {
            boolean before = oldKinds.contains(k);
            boolean after = now.kinds().contains(k);
            if (before == after) {
                continue;
            }
            switch (k) {
                case HIGH_VALUE, POTENTIAL -> revenueKindsChanged = true;
                case IMPORTANT -> why.add(after ? "97: customer class 10 (party, government, military)"
                        : "97: customer class no longer 10");
                case GROUP -> why.add(after ? "97: in a group (class 30 or under one)" : "97: no longer in a group");
                case STRATEGIC -> why.add(after ? "97: designated strategic" : "97: no longer designated strategic");
            }
        }
        if (revenueKindsChanged) {
            why.add(0, now.revenueReason());
        }
        if (why.isEmpty() && !now.grade().equals(oldGrade)) {
            why.add("grade rules changed (grade-rules.yaml)");
        }
        return String.join("; ", why);
    }

    /** Kinds as stored and shown: API names in declaration order, comma-separated. */
    public static String kindsText(Set<KeyAccountKind> kinds) {
        return kinds.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    public static Set<KeyAccountKind> kinds(String text) {
        Set<KeyAccountKind> kinds = EnumSet.noneOf(KeyAccountKind.class);
        if (text != null) {
            for (String k : text.split(",")) {
                if (!k.isBlank()) {
                    kinds.add(KeyAccountKind.valueOf(k.trim()));
                }
            }
        }
        return kinds;
    }

    /** 1250000 fen → "12,500.00". */
    public static String yuan(long fen) {
        return String.format(Locale.ROOT, "%,.2f", BigDecimal.valueOf(fen, 2));
    }

    static String percent(BigDecimal share) {
        return share.multiply(HUNDRED).stripTrailingZeros().toPlainString() + "%";
    }
}
