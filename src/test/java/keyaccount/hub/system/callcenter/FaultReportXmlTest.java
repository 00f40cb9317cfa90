package keyaccount.hub.system.callcenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import keyaccount.hub.core.BadMessageException;
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
}
