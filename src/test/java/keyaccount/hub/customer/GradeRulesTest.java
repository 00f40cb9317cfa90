package keyaccount.hub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import keyaccount.hub.core.reference.MappingFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Grade and key-account status from mappings/grade-rules.yaml as shipped. */
class GradeRulesTest {
    private final GradeRules rules = new GradeRules(new MappingFiles(Path.of("mappings")));

    @ParameterizedTest(name = "{0} -> grade {1}, key account {2}")
    @CsvSource({
            "'',                     C, false",
            "IMPORTANT,              A, true",
            "IMPORTANT GROUP,        A, true",
            "GROUP,                  B, true",
            "STRATEGIC,              B, true",
            "HIGH_VALUE,             B, true",
            "POTENTIAL,              C, false",
            "GROUP STRATEGIC,        B, true",
    })
    void gradeFollowsTheKinds(String kinds, String grade, boolean keyAccount) {
        Set<KeyAccountKind> set = EnumSet.noneOf(KeyAccountKind.class);
        for (String k : kinds.trim().split("\\s+")) {
            if (!k.isBlank()) {
                set.add(KeyAccountKind.valueOf(k));
            }
        }
        assertThat(rules.grade(set)).isEqualTo(grade);
        assertThat(rules.keyAccount(set)).isEqualTo(keyAccount);
    }
}
