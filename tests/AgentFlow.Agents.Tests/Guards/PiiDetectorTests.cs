using AgentFlow.Agents.Guards;

namespace AgentFlow.Agents.Tests.Guards;

public sealed class PiiDetectorTests
{
    private static readonly PiiDetector Detector = new();

    [Theory]
    [InlineData("Write to jane.doe+news@example.co.uk today.", "pii.email", "jane.doe+news@example.co.uk", "j***@example.co.uk")]
    [InlineData("Card: 4111 1111 1111 1111, exp 12/29", "pii.card", "4111 1111 1111 1111", "**** 1111")]
    [InlineData("Pay to DE89 3704 0044 0532 0130 00 please", "pii.iban", "DE89 3704 0044 0532 0130 00", "***********************0 00")]
    [InlineData("IBAN GB82WEST12345698765432.", "pii.iban", "GB82WEST12345698765432", "******************5432")]
    [InlineData("Call +49 30 1234 5678 after nine", "pii.phone", "+49 30 1234 5678", "**************78")]
    public void Detect_FindsEachKind_WithItsPositionAndAMaskedExcerpt(string text, string rule, string value, string excerpt)
    {
        var finding = Assert.Single(Detector.Detect(text));

        Assert.Equal(rule, finding.Rule);
        Assert.Equal(value, text.Substring(finding.Start, finding.Length));
        Assert.Equal(excerpt, finding.Excerpt);
    }

    [Theory]
    [InlineData("Order 4111 1111 1111 1112 was shipped")] // fails Luhn
    [InlineData("Reference DE89 3704 0044 0532 0130 01")] // fails mod 97
    [InlineData("Meeting on 2026-12-03 at 10:30, room 4.12")]
    [InlineData("Version 1.2.3 costs 19.99 EUR")]
    [InlineData("user@localhost is not a public address")]
    [InlineData("Version 2.4.1 adds export to CSV and a dark theme. The quarterly report shows steady growth.")]
    public void Detect_LeavesLookalikesAlone(string text) => Assert.Empty(Detector.Detect(text));

    [Fact]
    public void Redact_ReplacesEveryFindingWithItsPlaceholder_AndKeepsTheRest()
    {
        var (text, findings) = Detector.Redact("Hi, I'm Ana (ana@example.org, +1 415 555 0134). Refund to card 5555 5555 5555 4444.");

        Assert.Equal("Hi, I'm Ana ([EMAIL], [PHONE]). Refund to card [CARD].", text);
        Assert.Equal(["pii.email", "pii.phone", "pii.card"], findings.Select(f => f.Rule));
    }

    [Fact]
    public void ConfiguredPatterns_AreFoundAndRedactedUnderTheirName()
    {
        var detector = new PiiDetector(new Dictionary<string, string> { ["employee-id"] = @"\bEMP-\d{6}\b" });

        var (text, findings) = detector.Redact("Badge EMP-004211 left the building.");

        Assert.Equal("Badge [EMPLOYEE-ID] left the building.", text);
        Assert.Equal("pii.employee-id", Assert.Single(findings).Rule);
    }

    [Theory]
    [InlineData("bad name", @"\d", "letters, digits and dashes")]
    [InlineData("broken", "(unclosed", "is not a valid regular expression")]
    public void ConfiguredPatterns_AreChecked_NamingThePattern(string name, string pattern, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PiiDetector(new Dictionary<string, string> { [name] = pattern }));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398713", true)]
    public void Luhn_ChecksTheCheckDigit(string number, bool valid) => Assert.Equal(valid, Checksums.Luhn(number));

    [Theory]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("de89 3704 0044 0532 0130 00", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("DE89370400440532013001", false)]
    [InlineData("DE8937", false)]
    public void Iban_ChecksMod97(string iban, bool valid) => Assert.Equal(valid, Checksums.Iban(iban));
}
