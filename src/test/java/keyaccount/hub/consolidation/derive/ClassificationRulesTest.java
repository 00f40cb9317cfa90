package keyaccount.hub.consolidation.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import keyaccount.hub.consolidation.derive.ClassificationRules.Classified;
import keyaccount.hub.consolidation.derive.ClassificationRules.Input;
import keyaccount.hub.consolidation.derive.ClassificationRules.NetMonth;
import keyaccount.hub.core.reference.MappingFiles;
import keyaccount.hub.customer.GradeRules;
import keyaccount.hub.customer.KeyAccountKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classification rules of mappings/classification.yaml (as shipped) and grade-rules.yaml, as tables. */
class ClassificationRulesTest {
    private static final MappingFiles MAPPINGS = new MappingFiles(Path.of("mappings"));
    private final ClassificationRules rules = new ClassificationRules(
            MAPPINGS.yaml("classification.yaml", ClassificationRules.Config.class), new GradeRules(MAPPINGS));

    /**
     * One customer beside a big one (1,000,000 yuan) who alone makes the net's 30% list, so only the
     * threshold and the POTENTIAL share decide. KM 10,000, SZ 5,000, any other net 3,000 yuan;
     * POTENTIAL from 80% of it.
     */
    @ParameterizedTest(name = "{0} {1} yuan, 97 kinds [{2}] -> [{3}] grade {4}, key account {5}")
    @CsvSource({
            "KM, 10000.00, '',        HIGH_VALUE,           B, true",
            "KM, 12500.00, '',        HIGH_VALUE,           B, true",
            "KM,  9999.99, '',        POTENTIAL,            C, false",
            "KM,  8000.00, '',        POTENTIAL,            C, false",
            "KM,  7999.99, '',        '',                   C, false",
            "SZ,  5000.00, '',        HIGH_VALUE,           B, true",
            "SZ,  4999.99, '',        POTENTIAL,            C, false",
            "SZ,  4000.00, '',        POTENTIAL,            C, false",
            "SZ,  3999.99, '',        '',                   C, false",
            "NJ,  3000.00, '',        HIGH_VALUE,           B, true",
            "NJ,  2999.99, '',        POTENTIAL,            C, false",
            "NJ,  2400.00, '',        POTENTIAL,            C, false",
            "NJ,  2399.99, '',        '',                   C, false",
            "NJ,     0.00, '',        '',                   C, false",
            "NJ,  -500.00, '',        '',                   C, false",
            "KM,   100.00, IMPORTANT, IMPORTANT,            A, true",
            "KM, 20000.00, IMPORTANT, IMPORTANT HIGH_VALUE, A, true",
            "KM,   100.00, GROUP,     GROUP,                B, true",
            "KM,  9000.00, GROUP,     GROUP POTENTIAL,      B, true",
            "KM,   100.00, STRATEGIC, STRATEGIC,            B, true",
            // a stale revenue kind coming in is worked out again from the month's spend
            "KM,   100.00, HIGH_VALUE, '',                  C, false",
    })
    void kindsAndGradeFollowTheSpendAndThe97Data(String net, BigDecimal yuan, String base, String kinds, String grade,
                                                boolean keyAccount) {
        NetMonth month = rules.classify(net, "202610", List.of(
                new Input(net + "BIG", 100_000_000L, Set.of()),
                new Input(net + "X", fen(yuan), kinds(base))));
        Classified c = month.customers().get(1);
        assertThat(c.kinds()).isEqualTo(kinds(kinds));
        assertThat(c.grade()).isEqualTo(grade);
        assertThat(c.keyAccount()).isEqualTo(keyAccount);
        assertThat(c.localList()).isFalse();
    }

    /**
     * The 30% list: customers by revenue, highest first, until their cumulative revenue reaches 30%
     * of the net's total; the last one's revenue is the derived minimum, and all who spend that much
     * are on the list.
     */
    @ParameterizedTest(name = "revenues {0} -> minimum {1}, {2} on the list")
    @CsvSource({
            // total 100: 50 alone is 50% >= 30%
            "'50 30 10 5 5',          50, 1",
            // total 100: 20 (20%), 20 (40%): the second 20 reaches it
            "'20 20 15 15 10 10 10',  20, 2",
            // total 100: 25, then 10 reaches 35%; every customer spending 10 is on the list (ties)
            "'25 10 10 10 10 10 10 10 5', 10, 8",
            // exactly 30% with the first
            "'30 30 20 20',           30, 2",
            // negative adjustments lower the total (100 - 20 = 80; 24 is 30% of it)
            "'40 30 30 -20',          40, 1",
    })
    void theLocalListTakesCustomersUntilTheyMakeTheShareOfRevenue(String revenues, long min, int onList) {
        List<Input> inputs = new ArrayList<>();
        String[] r = revenues.split(" ");
        for (int i = 0; i < r.length; i++) {
            inputs.add(new Input("QQ" + i, Long.parseLong(r[i]) * 100, Set.of()));
        }
        NetMonth month = rules.classify("QQ", "202610", inputs);
        assertThat(month.listMinFen()).isEqualTo(min * 100);
        assertThat(month.listCount()).isEqualTo(onList);
        assertThat(month.customers().stream().filter(Classified::localList).count()).isEqualTo(onList);
    }

    @Test
    void beingOnTheListMakesACustomerHighValueBelowTheThreshold() {
        NetMonth month = rules.classify("KM", "202610", List.of(
                new Input("KM1", fen("6000"), Set.of()),
                new Input("KM2", fen("5000"), Set.of()),
                new Input("KM3", fen("4000"), Set.of())));
        // total 15,000; 30% = 4,500: KM1 alone makes it
        Classified first = month.customers().get(0);
        assertThat(first.localList()).isTrue();
        assertThat(first.kinds()).containsExactly(KeyAccountKind.HIGH_VALUE);
        assertThat(first.revenueReason()).isEqualTo("monthly spend 6,000.00 yuan puts it on KM's 30% revenue list"
                + " (minimum 6,000.00)");
        assertThat(month.customers().get(1).localList()).isFalse();
        assertThat(month.customers().get(1).kinds()).isEmpty();
        assertThat(month.listMinFen()).isEqualTo(fen("6000"));
        assertThat(month.totalFen()).isEqualTo(fen("15000"));
        assertThat(month.keyAccounts()).isOne();
    }

    @Test
    void aNetWithoutPositiveRevenueHasNoList() {
        NetMonth month = rules.classify("KM", "202610", List.of(new Input("KM1", 0, Set.of()),
                new Input("KM2", -100, Set.of())));
        assertThat(month.listMinFen()).isNull();
        assertThat(month.listCount()).isZero();
    }

    /**
     * Level 2: 25% of the net's key accounts by revenue, rounded half up, at least one, ties with
     * the last one included; the other key accounts level 1; others no level.
     */
    @ParameterizedTest(name = "key accounts spending {0} -> level 2: {1}")
    @CsvSource({
            "'100',                              '100'",
            "'100 50',                           '100'",        // 0.5 -> 1
            "'100 90 80 70',                     '100'",        // 1
            "'100 90 80 70 60',                  '100'",        // 1.25 -> 1
            "'100 90 80 70 60 50',               '100 90'",     // 1.5 -> 2
            "'100 90 80 70 60 50 40 30 20 10',   '100 90 80'",  // 2.5 -> 3
            "'100 100 50 40',                    '100 100'",    // a tie at the cut
    })
    void level2IsTheTopShareOfTheKeyAccounts(String revenues, String level2) {
        List<Input> inputs = new ArrayList<>();
        String[] r = revenues.split(" ");
        for (int i = 0; i < r.length; i++) {
            inputs.add(new Input("QL" + i, Long.parseLong(r[i]) * 100, EnumSet.of(KeyAccountKind.GROUP)));
        }
        inputs.add(new Input("QLX", 0, Set.of())); // not a key account: no level, not counted
        NetMonth month = rules.classify("QL", "202610", inputs);
        Map<Integer, List<Long>> byLevel = month.customers().stream().filter(Classified::keyAccount)
                .collect(Collectors.groupingBy(Classified::level,
                        Collectors.mapping(c -> c.revenueFen() / 100, Collectors.toList())));
        assertThat(byLevel.get(2)).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(level2.split(" ")).map(Long::parseLong).toList());
        assertThat(byLevel.getOrDefault(1, List.of())).hasSize(r.length - byLevel.get(2).size());
        assertThat(month.level2Accounts()).isEqualTo(byLevel.get(2).size());
        assertThat(month.customers().get(r.length).level()).isNull();
    }

    @Test
    void aChangeNamesTheSpendOrThe97DataBehindIt() {
        NetMonth month = rules.classify("KM", "202610", List.of(
                new Input("KMBIG", 100_000_000L, Set.of()),
                new Input("KM1", fen("12500"), Set.of()),
                new Input("KM2", fen("100"), EnumSet.of(KeyAccountKind.IMPORTANT))));
        assertThat(ClassificationRules.changeReason(Set.of(), "C", month.customers().get(1)))
                .isEqualTo("monthly spend 12,500.00 yuan ≥ KM threshold 10,000.00");
        assertThat(ClassificationRules.changeReason(EnumSet.of(KeyAccountKind.POTENTIAL), "C", month.customers().get(1)))
                .isEqualTo("monthly spend 12,500.00 yuan ≥ KM threshold 10,000.00");
        assertThat(ClassificationRules.changeReason(EnumSet.of(KeyAccountKind.HIGH_VALUE), "B", month.customers().get(2)))
                .isEqualTo("monthly spend 100.00 yuan < 80% of KM threshold 10,000.00;"
                        + " 97: customer class 10 (party, government, military)");
    }

    @Test
    void kindsAreStoredInTheirApiNames() {
        Set<KeyAccountKind> kinds = EnumSet.of(KeyAccountKind.POTENTIAL, KeyAccountKind.GROUP);
        assertThat(ClassificationRules.kindsText(kinds)).isEqualTo("GROUP,POTENTIAL");
        assertThat(ClassificationRules.kinds("GROUP,POTENTIAL")).isEqualTo(kinds);
        assertThat(ClassificationRules.kinds("")).isEmpty();
    }

    private static Set<KeyAccountKind> kinds(String names) {
        Set<KeyAccountKind> set = EnumSet.noneOf(KeyAccountKind.class);
        for (String k : names.trim().split("\\s+")) {
            if (!k.isBlank()) {
                set.add(KeyAccountKind.valueOf(k));
            }
        }
        return set;
    }

    private static long fen(BigDecimal yuan) {
        return yuan.movePointRight(2).longValueExact();
    }

    private static long fen(String yuan) {
        return fen(new BigDecimal(yuan));
    }
}
