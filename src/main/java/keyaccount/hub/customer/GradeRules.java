package keyaccount.hub.customer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import keyaccount.hub.core.reference.MappingFiles;
import org.springframework.stereotype.Component;

/**
 * Which kinds make a key account, and which grade a customer gets, from
 * {@code mappings/grade-rules.yaml}: the first rule whose kinds the customer has wins.
 */
@Component
public class GradeRules {
    private static final String FILE = "grade-rules.yaml";

    private final MappingFiles files;

    public GradeRules(MappingFiles files) {
        this.files = files;
    }

    /** The file's shape. */
    public static class Rules {
        public List<KeyAccountKind> keyAccountKinds = new ArrayList<>();
        public List<Rule> rules = new ArrayList<>();
        public String defaultGrade = "C";
    }

    public static class Rule {
        public List<KeyAccountKind> kinds = new ArrayList<>();
        public String grade;
    }

    public boolean keyAccount(Set<KeyAccountKind> kinds) {
        return files.yaml(FILE, Rules.class).keyAccountKinds.stream().anyMatch(kinds::contains);
    }

    public String grade(Set<KeyAccountKind> kinds) {
        Rules r = files.yaml(FILE, Rules.class);
        for (Rule rule : r.rules) {
            if (rule.kinds.stream().anyMatch(kinds::contains)) {
                return rule.grade;
            }
        }
        return r.defaultGrade;
    }

    public static Set<KeyAccountKind> none() {
        return EnumSet.noneOf(KeyAccountKind.class);
    }
}
