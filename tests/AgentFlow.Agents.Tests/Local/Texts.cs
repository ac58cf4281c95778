namespace AgentFlow.Agents.Tests.Local;

/// <summary>Realistic inputs shared by the local model tests.</summary>
internal static class Texts
{
    public const string News =
        "A survey of 140 engineering teams shipping LLM features found that 58 percent now block a release when a prompt "
        + "regression suite drops below its baseline, up from 21 percent a year ago. The typical suite holds 200 to 600 graded "
        + "examples drawn from real traffic. Separately, the conference venue announced new parking rules for visitors. "
        + "Teams reported that pinning the judge model of a regression suite mattered more than the size of the suite. "
        + "The most common regression caught before release was a formatting change that broke downstream JSON parsing.";

    public const string Hello =
        "Hello Ana! Welcome to AgentFlow. AgentFlow runs declarative JSON workflows of retrieval, reasoning and tool steps "
        + "as durable orchestrations. A run survives crashes and restarts without repeating completed steps. A run can stop "
        + "at an approval checkpoint until an authorised person decides. Each agent keeps a long-term memory across runs.\n\n"
        + "Write a short greeting for Ana that introduces AgentFlow in two or three sentences.";

    public const string DoubleCharge = """
        From: Maria Lopez <maria.lopez@northwind.example.org>
        To: support@example.com
        Date: Mon, 24 Nov 2025 08:12:44 +0100
        Subject: Charged twice for invoice INV-20931

        Hello,

        our credit card was charged twice for invoice INV-20931 (EUR 1,480.00) on 20 November. Both charges show as
        settled on our statement, reference numbers 88412 and 88419. Could you refund the duplicate payment and send us a
        corrected receipt for our accounts?

        Thanks,
        Maria Lopez
        """;

    public const string SsoLogin = """
        From: Tom Becker <tom.becker@example.com>
        To: support@example.com
        Subject: Cannot log in to the admin dashboard after SSO switch

        Hi team,

        since the move to single sign-on last Friday I get "account not linked" when I open the admin dashboard. I need
        access urgently to prepare the quarterly usage report. Could someone link my account?

        Thanks,
        Tom
        """;

    public const string Triager =
        "You sort incoming support mail. Categories: billing (invoices, charges, payments, refunds, VAT, cost centers), "
        + "support (bugs, errors, outages, login or access problems), spam (unsolicited offers, prizes, lotteries, SEO, "
        + "phishing), other (anything else, e.g. invitations or partnerships).";

    public const string TriageSchema = """
        {
          "type": "object",
          "properties": {
            "category": { "type": "string", "enum": ["billing", "support", "spam", "other"] },
            "external": { "type": "boolean", "description": "True unless the sender's address ends in @example.com." },
            "replyTo": { "type": "string", "description": "The sender's e-mail address." },
            "subject": { "type": "string", "description": "Subject line of the mail." },
            "urgent": { "type": "boolean" },
            "sentiment": { "type": "string", "enum": ["positive", "neutral", "negative"] },
            "amount": { "type": "number", "minimum": 0 },
            "keywords": { "type": "array", "items": { "type": "string" }, "maxItems": 4 },
            "meta": { "type": "object", "properties": { "title": { "type": "string" }, "count": { "type": "integer" } }, "required": ["title"] }
          },
          "required": ["category", "external", "replyTo", "subject", "urgent", "sentiment", "amount", "keywords", "meta"]
        }
        """;

    public static string Triage(string mail) =>
        "Classify this mail received by support@example.com.\n\n" + mail + "\n\nReturn its category (billing, support, spam "
        + "or other), whether the sender is external, the sender's e-mail address as replyTo, and its subject line.";
}
