package keyaccount.hub.system.callcenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import keyaccount.hub.core.BadMessageException;
import keyaccount.hub.form.fault.FaultReport;
import org.junit.jupiter.api.Test;

class FaultReportXmlTest {
    private static final String BODY = "<FaultReport><ReportNo>CC1</ReportNo><CustNo>KM00012345</CustNo>"
            + "<ServiceType>DDN</ServiceType><Reporter>张三</Reporter><Description>专线中断</Description>"
            + "<ReportedAt>2026-11-22T08:00:00+08:00</ReportedAt></FaultReport>";

    @Test
    void gbkBytesAreReadByTheirDeclaration() {
        byte[] gbk = ("<?xml version=\"1.0\" encoding=\"GBK\"?>" + BODY).getBytes(Charset.forName("GBK"));
        FaultReport r = FaultReportXml.parse(gbk);
        assertThat(r.reporter()).isEqualTo("张三");
        assertThat(r.description()).isEqualTo("专线中断");
        assertThat(r.reportedAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:00:00+08:00"));
    }

    @Test
    void bytesWithoutADeclarationAreUtf8() {
        assertThat(FaultReportXml.parse(BODY.getBytes(StandardCharsets.UTF_8)).reporter()).isEqualTo("张三");
    }

    @Test
    void textKeepsItsCharactersWhateverItsDeclarationSays() {
        assertThat(FaultReportXml.parse("<?xml version=\"1.0\" encoding=\"GBK\"?>" + BODY).reporter()).isEqualTo("张三");
    }

    @Test
    void entityExpansionIsRefused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<FaultReport><ReportNo>&b;</ReportNo></FaultReport>";
        assertThatThrownBy(() -> FaultReportXml.parse(bomb)).isInstanceOf(BadMessageException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() -> FaultReportXml.parse("<FaultReport><ServiceType>DDN</ServiceType></FaultReport>"))
                .isInstanceOf(BadMessageException.class)
                .hasMessageContaining("ReportNo is missing")
                .hasMessageContaining("CustNo is missing")
                .hasMessageContaining("ReportedAt is missing");
    }

    @Test
    void replyIsUtf8TextWithEscapedContent() {
        String xml = FaultReportXml.reply("CC1", "FT-20261122-000001", "ACCEPTED",
                OffsetDateTime.parse("2026-11-22T13:00:00+08:00"), "受理成功 <&>");
        assertThat(xml).contains("encoding=\"UTF-8\"").contains("<Deadline>2026-11-22T13:00:00+08:00</Deadline>")
                .contains("受理成功 &lt;&amp;&gt;");
    }

    private static final String DECLARED_GBK = "<?xml version=\"1.0\" encoding=\"GBK\"?>";

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badReports() {
        byte[] invalidGbk = (DECLARED_GBK + BODY.replace("张三", "@@")).getBytes(Charset.forName("GBK"));
        int at = new String(invalidGbk, StandardCharsets.ISO_8859_1).indexOf("@@");
        invalidGbk[at] = (byte) 0x81;   // a GBK lead byte...
        invalidGbk[at + 1] = (byte) 0x20; // ...followed by a byte no GBK character has
        String deep = "<a>".repeat(5_000) + "</a>".repeat(5_000);
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("bytes that are not valid GBK", invalidGbk, "not valid GBK"),
                org.junit.jupiter.params.provider.Arguments.of("an unknown encoding",
                        ("<?xml version=\"1.0\" encoding=\"KLINGON-8\"?>" + BODY).getBytes(StandardCharsets.UTF_8),
                        "encoding \"KLINGON-8\""),
                org.junit.jupiter.params.provider.Arguments.of("an encoding the call center does not use",
                        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + BODY).getBytes(StandardCharsets.ISO_8859_1),
                        "must be GBK or UTF-8"),
                org.junit.jupiter.params.provider.Arguments.of("GBK bytes without a declaration",
                        BODY.getBytes(Charset.forName("GBK")), "not valid UTF-8"),
                org.junit.jupiter.params.provider.Arguments.of("ReportNo twice",
                        BODY.replace("<CustNo>", "<ReportNo>CC2</ReportNo><CustNo>"), "ReportNo appears 2 times"),
                org.junit.jupiter.params.provider.Arguments.of("5,000 levels deep", deep, "malformed FaultReport XML"),
                org.junit.jupiter.params.provider.Arguments.of("5,000 levels deep inside a report",
                        BODY.replace("<Description>", "<Description>" + deep), "malformed FaultReport XML"),
                org.junit.jupiter.params.provider.Arguments.of("an element where text belongs",
                        BODY.replace("<ReportNo>CC1</ReportNo>", "<ReportNo><x>CC1</x></ReportNo>"), "ReportNo must be text"),
                org.junit.jupiter.params.provider.Arguments.of("a field over its length",
                        BODY.replace("专线中断", "断".repeat(2001)), "Description is longer than 2000"),
                org.junit.jupiter.params.provider.Arguments.of("a document over the size limit",
                        BODY.replace("专线中断", " ".repeat(70_000)), "larger than the limit"),
                org.junit.jupiter.params.provider.Arguments.of("a broken XML declaration",
                        "<?xml version=1.0 encoding=GBK?>" + BODY, "malformed FaultReport XML"),
                org.junit.jupiter.params.provider.Arguments.of("an empty message", "", "malformed FaultReport XML"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("badReports")
    void aBadReportIsABadMessageWithItsReason(String what, Object body, String reason) {
        assertThatThrownBy(() -> FaultReportXml.parse(body)).isInstanceOf(BadMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void twentyThousandLevelsAreRefusedByTheParserNotByTheStack() {
        String deep = BODY.replace("<Description>", "<Description>" + "<a>".repeat(20_000) + "</a>".repeat(20_000));
        var roomy = new keyaccount.hub.config.HubProperties.Input(1 << 20, 2000, java.time.Duration.ofMinutes(10),
                java.time.Duration.ofDays(30));
        assertThatThrownBy(() -> FaultReportXml.parse(deep, roomy)).isInstanceOf(BadMessageException.class)
                .hasMessageContaining("malformed FaultReport XML");
    }

    @Test
    void aUtf8ByteOrderMarkAndTheGbkFamilyAreAccepted() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = BODY.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertThat(FaultReportXml.parse(withBom).reporter()).isEqualTo("张三");
        assertThat(FaultReportXml.parse(("<?xml version=\"1.0\" encoding=\"gb18030\"?>" + BODY)
                .getBytes(Charset.forName("GB18030"))).reporter()).isEqualTo("张三");
    }
}
